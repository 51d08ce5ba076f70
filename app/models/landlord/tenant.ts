import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany, manyToMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany, ManyToMany } from '@adonisjs/lucid/types/relations'
import TenantTemplate from '#models/landlord/tenant_template'
import TemplateModule from '#models/landlord/template_module'
import Domain from '#models/landlord/domain'

export const TENANT_STATUSES = ['pending', 'provisioning', 'active', 'failed', 'suspended'] as const
export type TenantStatus = (typeof TENANT_STATUSES)[number]

/**
 * A party: one row in the landlord, one PostgreSQL database of its own.
 */
export default class Tenant extends BaseModel {
  static connection = 'landlord'

  @column({ isPrimary: true })
  declare id: number

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

  @column.dateTime()
  declare provisionedAt: DateTime | null

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

  get isServing() {
    return this.status === 'active'
  }
}
