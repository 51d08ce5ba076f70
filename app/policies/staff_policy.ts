import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#models/party/staff_user'
import { allowIf } from '#party/staff/staff_roles'

/**
 * Staff accounts are managed by the party's admins only; nobody can
 * deactivate themselves (a party would lock out its last admin).
 */
export default class StaffPolicy extends BasePolicy {
  viewList(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && user.role === 'admin')
  }

  invite(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && user.role === 'admin')
  }

  deactivate(user: StaffUser, target: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && user.role === 'admin' && target.id !== user.id)
  }
}
