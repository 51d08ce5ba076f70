import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { column } from '@adonisjs/lucid/orm'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import type { LucidModel } from '@adonisjs/lucid/types/model'
import { TenantBaseModel } from '#tenancy/tenant_model'
import type { StaffRole } from '#party/staff/staff_roles'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

/**
 * A member of a party's office staff: the `users` table of the party's own
 * database (basic layer, roles from the template).
 */
export default class StaffUser extends compose(TenantBaseModel, AuthFinder) {
  static table = 'users'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare fullName: string

  @column()
  declare fullNameNp: string | null

  @column()
  declare email: string

  @column({ serializeAs: null })
  declare password: string

  @column()
  declare role: StaffRole

  @column()
  declare locale: string

  @column()
  declare isActive: boolean

  @column.dateTime()
  declare lastLoginAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  /**
   * Login lookup: email without regard to case, active accounts only (a
   * deactivated account fails like a wrong password, in the same time).
   */
  static findForAuth<T extends LucidModel>(this: T, _uids: string[], value: string) {
    return this.query()
      .whereRaw('lower(email) = lower(?)', [value])
      .where('is_active', true)
      .first()
  }

  /** Whether this account may change anything at all. */
  get canWrite() {
    return this.isActive && this.role !== 'viewer'
  }
}
