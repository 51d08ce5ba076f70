import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * A blueprint for tenant databases: its migrations live in
 * database/migrations/tenant/templates/<name>.
 */
export default class TenantTemplate extends BaseModel {
  static connection = 'landlord'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare displayName: string

  @column()
  declare description: string | null

  @column()
  declare version: string

  @column()
  declare isActive: boolean

  @column()
  declare config: Record<string, unknown>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
