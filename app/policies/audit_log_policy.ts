import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#models/party/staff_user'
import { allowIf, AUDIT_READER_ROLES } from '#party/staff/staff_roles'

/**
 * The audit log names people, addresses and every old value: admins and
 * secretaries read it. Nobody edits or deletes it (there is no route, and
 * the database refuses).
 */
export default class AuditLogPolicy extends BasePolicy {
  view(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && AUDIT_READER_ROLES.includes(user.role))
  }
}
