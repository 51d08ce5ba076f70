import { createHash } from 'node:crypto'
import { SessionLucidUserProvider } from '@adonisjs/auth/session'
import { tenantContext } from '#tenancy/tenant_context'
import type StaffUser from '#models/party/staff_user'

/**
 * 16 hex characters derived from the account's password hash: they change
 * whenever the password does, and reveal nothing usable about it.
 */
export function passwordFingerprint(user: Pick<StaffUser, 'password'>) {
  return createHash('sha256').update(user.password, 'utf8').digest('hex').slice(0, 16)
}

/**
 * Session user provider of the `staff` guard. The id kept in the session is
 * `<tenant id>:<user id>:<password fingerprint>`, so a session is only ever
 * honoured on its own party's host, whatever happens to the cookie; a new
 * password (a reset) ends every session made with the old one; and only an
 * active account is found, so deactivating someone ends their live session
 * at their next request.
 */
export class StaffUserProvider extends SessionLucidUserProvider<typeof StaffUser> {
  async createUserForGuard(user: StaffUser) {
    const tenantId = tenantContext.currentOrFail('a staff session').tenant.id
    const guardUser = await super.createUserForGuard(user)
    return { ...guardUser, getId: () => `${tenantId}:${user.id}:${passwordFingerprint(user)}` }
  }

  async findById(identifier: string | number | bigint) {
    const tenant = tenantContext.current()?.tenant
    const match = /^(\d+):(\d+):([0-9a-f]{16})$/.exec(String(identifier))
    if (!tenant || !match || Number(match[1]) !== tenant.id) return null
    const model = await this.getModel()
    const user = await model.query().where('id', Number(match[2])).where('is_active', true).first()
    if (!user || passwordFingerprint(user) !== match[3]) return null
    return super.createUserForGuard(user)
  }
}
