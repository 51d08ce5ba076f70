import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * An optional feature layer: its migrations live in
 * database/migrations/tenant/modules/<name>.
 */
export default class TemplateModule extends BaseModel {
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

  /** Names of modules that must be applied before this one. */
  @column({ prepare: (value: string[]) => JSON.stringify(value ?? []) })
  declare dependsOn: string[]

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
