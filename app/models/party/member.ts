import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantBaseModel } from '#tenancy/tenant_model'

/**
 * A party member (the template's `members` table). Soft-deleted through
 * `deleted_at`; the database checks the address and citizenship rules.
 */
export default class Member extends TenantBaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare membershipId: string

  @column()
  declare fullName: string

  @column()
  declare fullNameNp: string | null

  @column.date()
  declare dateOfBirth: DateTime | null

  @column()
  declare gender: 'male' | 'female' | 'other'

  @column()
  declare citizenshipNumber: string

  @column()
  declare citizenshipIssueDistrictId: number | null

  @column()
  declare email: string | null

  @column()
  declare phone: string | null

  /** E.164, `+977` and 8 digits. */
  @column()
  declare landline: string | null

  /** PAN, 9 ASCII digits. */
  @column()
  declare panNumber: string | null

  @column()
  declare provinceId: number

  @column()
  declare districtId: number

  @column()
  declare localLevelId: number

  @column()
  declare wardNumber: number

  @column()
  declare permanentAddress: string | null

  @column()
  declare membershipType: 'general' | 'active' | 'honorary'

  @column.date()
  declare membershipDate: DateTime

  @column()
  declare isActive: boolean

  @column.dateTime()
  declare deletedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
