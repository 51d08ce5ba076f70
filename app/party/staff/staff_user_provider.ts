import { SessionLucidUserProvider } from '@adonisjs/auth/session'
import { tenantContext } from '#tenancy/tenant_context'
import type StaffUser from '#models/party/staff_user'

/**
 * Session user provider of the `staff` guard. The id kept in the session is
 * `<tenant id>:<user id>`, so a session is only ever honoured on its own
 * party's host, whatever happens to the cookie; and only an active account
 * is found, so deactivating someone ends their live session at their next
 * request.
 */
export class StaffUserProvider extends SessionLucidUserProvider<typeof StaffUser> {
  async createUserForGuard(user: StaffUser) {
    const tenantId = tenantContext.currentOrFail('a staff session').tenant.id
    const guardUser = await super.createUserForGuard(user)
    return { ...guardUser, getId: () => `${tenantId}:${user.id}` }
  }

  async findById(identifier: string | number | bigint) {
    const tenant = tenantContext.current()?.tenant
    const match = /^(\d+):(\d+)$/.exec(String(identifier))
    if (!tenant || !match || Number(match[1]) !== tenant.id) return null
    const model = await this.getModel()
    const user = await model.query().where('id', Number(match[2])).where('is_active', true).first()
    return user ? super.createUserForGuard(user) : null
  }
}
