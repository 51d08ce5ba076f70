import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Tenant from '#models/landlord/tenant'

/**
 * A custom host name that resolves to a tenant once verified.
 */
export default class Domain extends BaseModel {
  static connection = 'landlord'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tenantId: number

  @column()
  declare domain: string

  @column()
  declare isPrimary: boolean

  /** Set once the party proved it controls the domain; before that it serves nothing. */
  @column.dateTime()
  declare verifiedAt: DateTime | null

  @belongsTo(() => Tenant)
  declare tenant: BelongsTo<typeof Tenant>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
