import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * A canonical description of a tenant database's schema and its SHA-256.
 * The newest row of a tenant is the baseline drift is measured against.
 */
export default class TenantSchemaSnapshot extends BaseModel {
  static connection = 'landlord'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tenantId: number

  @column()
  declare schemaHash: string

  @column()
  declare snapshot: Record<string, unknown>

  @column()
  declare reason: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
