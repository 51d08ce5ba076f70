import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * A PostgreSQL server tenant databases may live on (table database_servers).
 * Tenants point at it by host and port (tenants.db_host, db_port).
 */
export default class DatabaseServerRecord extends BaseModel {
  static connection = 'landlord'
  static table = 'database_servers'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare host: string

  @column()
  declare port: number

  /** How many tenant databases it may hold. */
  @column()
  declare capacity: number

  /** Whether new tenants (provisioning, tenant:move) may be placed here. */
  @column()
  declare accepting: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
