import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#models/party/staff_user'
import { allowIf, DONATION_RECORDER_ROLES, FINANCE_ROLES } from '#party/staff/staff_roles'

/**
 * Who may do what with donations (see docs/finances.md): every staff role
 * reads; admins, treasurers and data entry record; only admins and
 * treasurers verify, delete an unverified entry and export. Nobody changes
 * a verified donation (the database refuses it too). Limits and the
 * designated donors list belong to admins.
 */
export default class DonationPolicy extends BasePolicy {
  viewList(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive)
  }

  view(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive)
  }

  create(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && DONATION_RECORDER_ROLES.includes(user.role))
  }

  verify(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && FINANCE_ROLES.includes(user.role))
  }

  delete(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && FINANCE_ROLES.includes(user.role))
  }

  export(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && FINANCE_ROLES.includes(user.role))
  }

  manageLimits(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && user.role === 'admin')
  }

  manageDesignated(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && user.role === 'admin')
  }
}
