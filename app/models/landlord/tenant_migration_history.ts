import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export const MIGRATION_LAYERS = ['basic', 'template', 'module', 'custom'] as const
export type MigrationLayer = (typeof MIGRATION_LAYERS)[number]

/**
 * One applied (or failed, or rolled back) tenant migration, as recorded
 * in the landlord.
 */
export default class TenantMigrationHistory extends BaseModel {
  static connection = 'landlord'
  static table = 'tenant_migrations_history'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tenantId: number

  @column()
  declare templateId: number | null

  @column()
  declare migrationType: MigrationLayer

  @column()
  declare module: string | null

  @column()
  declare name: string

  @column()
  declare batch: number

  @column()
  declare durationMs: number

  @column()
  declare checksum: string

  @column()
  declare status: 'applied' | 'failed' | 'rolled_back'

  @column()
  declare error: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
