import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#models/party/staff_user'
import { allowIf, CAMPAIGN_WRITER_ROLES } from '#party/staff/staff_roles'

/**
 * The election campaign module: every staff role reads; admins and
 * secretaries write (campaigns, candidates, events, spending, results);
 * only admins keep the spending ceilings.
 */
export default class CampaignPolicy extends BasePolicy {
  view(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive)
  }

  manage(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && CAMPAIGN_WRITER_ROLES.includes(user.role))
  }

  manageCeilings(user: StaffUser): AuthorizerResponse {
    return allowIf(user.isActive && user.role === 'admin')
  }
}
