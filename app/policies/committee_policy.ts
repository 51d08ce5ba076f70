import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#models/party/staff_user'
import { allowIf, COMMITTEE_WRITER_ROLES } from '#party/staff/staff_roles'

/**
 * Who may do what with the committee hierarchy: every staff role reads;
 * admins and secretaries create, edit and deactivate committees and seat
 * members.
 */
export default class CommitteePolicy extends BasePolicy {
  viewList(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive)
  }

  view(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive)
  }

  create(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && COMMITTEE_WRITER_ROLES.includes(user.role))
  }

  edit(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && COMMITTEE_WRITER_ROLES.includes(user.role))
  }

  delete(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && COMMITTEE_WRITER_ROLES.includes(user.role))
  }

  /** Seat members and end their terms. */
  manageSeats(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && COMMITTEE_WRITER_ROLES.includes(user.role))
  }
}
