import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import encryption from '@adonisjs/core/services/encryption'
import {
  BaseModel,
  beforeCreate,
  belongsTo,
  column,
  hasMany,
  manyToMany,
} from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany, ManyToMany } from '@adonisjs/lucid/types/relations'
import TenantTemplate from '#models/landlord/tenant_template'
import TemplateModule from '#models/landlord/template_module'
import Domain from '#models/landlord/domain'

export const TENANT_STATUSES = ['pending', 'provisioning', 'active', 'failed', 'suspended'] as const
export type TenantStatus = (typeof TENANT_STATUSES)[number]

/** Purpose bound to the encrypted database password: a ciphertext made for anything else never decrypts as one. */
const DB_PASSWORD_PURPOSE = 'tenant-db-password'

/**
 * A party: one row in the landlord, one PostgreSQL database of its own.
 */
export default class Tenant extends BaseModel {
  static connection = 'landlord'

  @column({ isPrimary: true })
  declare id: number

  /** Stable identity, written as the mark on the tenant's database and role. */
  @column()
  declare uuid: string

  @column()
  declare slug: string

  @column()
  declare name: string

  @column()
  declare nameNe: string | null

  @column()
  declare contactEmail: string | null

  @column()
  declare contactPhone: string | null

  @column()
  declare templateId: number

  @column()
  declare status: TenantStatus

  @column()
  declare provisioningError: string | null

  @column()
  declare dbHost: string | null

  @column()
  declare dbPort: number | null

  @column()
  declare dbName: string | null

  /** Login role that owns the tenant database; null for a tenant provisioned before roles existed. */
  @column()
  declare dbUser: string | null

  /**
   * Password of dbUser, in clear in memory and encrypted with the app key in
   * the landlord; null when absent or when it no longer decrypts (APP_KEY changed).
   */
  @column({
    serializeAs: null,
    prepare: (value: string | null) =>
      value === null ? null : encryption.encrypt(value, undefined, DB_PASSWORD_PURPOSE),
    consume: (value: string | null) =>
      value === null ? null : encryption.decrypt<string>(value, DB_PASSWORD_PURPOSE),
  })
  declare dbPassword: string | null

  @column.dateTime()
  declare provisionedAt: DateTime | null

  /** How long the last provisioning took, from its start to the landlord's final commit. */
  @column()
  declare provisioningMs: number | null

  @belongsTo(() => TenantTemplate, { foreignKey: 'templateId' })
  declare template: BelongsTo<typeof TenantTemplate>

  @manyToMany(() => TemplateModule, {
    pivotTable: 'template_module_tenant',
    pivotForeignKey: 'tenant_id',
    pivotRelatedForeignKey: 'template_module_id',
    pivotTimestamps: { createdAt: 'created_at', updatedAt: false },
  })
  declare modules: ManyToMany<typeof TemplateModule>

  @hasMany(() => Domain)
  declare domains: HasMany<typeof Domain>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  /** The model knows its UUID before the insert (the column default covers raw inserts). */
  @beforeCreate()
  static assignUuid(tenant: Tenant) {
    tenant.uuid ??= randomUUID()
  }

  get isServing() {
    return this.status === 'active'
  }
}
