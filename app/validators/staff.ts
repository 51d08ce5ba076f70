import vine from '@vinejs/vine'
import { STAFF_ROLES } from '#party/staff/staff_roles'
import { tenantContext } from '#tenancy/tenant_context'

/**
 * Staff login form on a party's host.
 */
export const staffLoginValidator = vine.create({
  email: vine.string().trim().email().maxLength(254),
  password: vine.string().minLength(1).maxLength(200),
})

/**
 * An admin inviting a staff member. The email must be free in this party
 * (checked on the party's own database, case-insensitively).
 */
export const inviteStaffValidator = vine.create({
  full_name: vine.string().trim().minLength(2).maxLength(150),
  full_name_np: vine.string().trim().maxLength(150).optional(),
  email: vine
    .string()
    .trim()
    .email()
    .maxLength(254)
    .unique(async (db, value) => {
      const row = await db
        .connection(tenantContext.connectionName('checking a staff email'))
        .from('users')
        .whereRaw('lower(email) = lower(?)', [value])
        .first()
      return !row
    }),
  role: vine.enum(STAFF_ROLES),
  locale: vine.enum(['en', 'ne']),
})
