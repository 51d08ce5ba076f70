import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#models/party/staff_user'
import { allowIf, MEMBER_WRITER_ROLES } from '#party/staff/staff_roles'

/**
 * Who may do what with party members: every staff role reads; admins,
 * secretaries and data entry write; only admins and secretaries delete,
 * restore and export.
 */
export default class MemberPolicy extends BasePolicy {
  viewList(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive)
  }

  view(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive)
  }

  create(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && MEMBER_WRITER_ROLES.includes(user.role))
  }

  edit(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && MEMBER_WRITER_ROLES.includes(user.role))
  }

  delete(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && (user.role === 'admin' || user.role === 'secretary'))
  }

  restore(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && (user.role === 'admin' || user.role === 'secretary'))
  }

  export(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && (user.role === 'admin' || user.role === 'secretary'))
  }
}
