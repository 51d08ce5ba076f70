import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#models/party/staff_user'
import { allowIf, FINANCE_WRITER_ROLES } from '#party/staff/staff_roles'

/**
 * The party's books (expenditure, other income, financial reports): every
 * staff role reads them; only treasurers and admins record, change, delete,
 * generate reports and record their submission to the Election Commission.
 */
export default class FinancePolicy extends BasePolicy {
  view(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive)
  }

  write(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && FINANCE_WRITER_ROLES.includes(user.role))
  }
}
