import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { AdminServerSettings } from '#tenancy/admin_connections'
import type { TenantConnectionManager } from '#tenancy/connection_manager'
import type { TenantIdentity } from '#tenancy/tenant_context'
import { DatabaseServer } from '#tenancy/database_server'
import { roleNameFor, tenantMark } from '#tenancy/naming'
import { scramVerifier } from '#tenancy/scram'

/**
 * A tenant as far as its database's ownership goes. The caller saves the
 * row after create() and secure() have set dbUser and dbPassword.
 */
export interface OwnedTenant extends TenantIdentity {
  uuid: string
  dbUser: string | null
  dbPassword: string | null
}

/**
 * What secure() did to one tenant.
 */
export interface SecureResult {
  role: string
  /** Steps that changed something; empty when the tenant was already secure. */
  changes: string[]
}

/**
 * The tenant databases the platform owns. Each tenant database is owned by,
 * and reached as, its own login role; database and role carry the tenant's
 * mark, and nothing without this tenant's mark is ever dropped or reused.
 * Server work runs with the landlord role, which needs only CREATEDB and
 * CREATEROLE.
 */
export class TenantDatabases {
  constructor(protected connections: TenantConnectionManager) {}

  /**
   * The tenant's server, reached with the landlord role.
   */
  server(tenant: Pick<TenantIdentity, 'dbHost' | 'dbPort'>) {
    return new DatabaseServer(this.connections.serverFor(tenant), this.connections.admin)
  }

  /**
   * The role a tenant's database belongs to (its own, or the one its name gives).
   */
  roleFor(tenant: OwnedTenant) {
    if (tenant.dbUser) return tenant.dbUser
    if (!tenant.dbName) throw new Error(`Tenant "${tenant.slug}" has no database yet`)
    return roleNameFor(tenant.dbName)
  }

  /**
   * Creates the tenant's role (new random password) and an empty database
   * owned by it. A database or role left by an earlier run of this tenant
   * is replaced; one without this tenant's mark makes it throw
   * DatabaseNotOwnedException before anything changes. With `template`, the
   * database is a copy of that (golden) database. `session`: a connection
   * already open to the tenant's server as the landlord role (the
   * provisioning lock's), used for all of it instead of opening one.
   * `memberOf`: a role the tenant's role is made a member of in the same
   * transaction (the golden owner, for a clone's REASSIGN OWNED; the caller
   * revokes it).
   */
  async create(
    tenant: OwnedTenant,
    options: { template?: string; session?: pg.Client; memberOf?: string } = {}
  ) {
    const name = this.#databaseName(tenant)
    const role = this.roleFor(tenant)
    const mark = tenantMark(tenant.uuid)
    const server = this.server(tenant)

    // Before the maintenance session: a slot held never waits for a tenant connection.
    await this.connections.closeTenant(tenant.id)
    const password = newPassword()
    // Derived on the thread pool while the marks are read.
    const verifier = scramVerifier(password)
    verifier.catch(() => {})
    await server.session(async () => {
      const marks = await server.marksOf(name, role)
      server.checkMark(name, marks.database, mark)
      server.checkRoleMark(role, marks.role, mark)
      if (marks.database !== undefined) await server.dropOwned(name, mark)
      // The role is made in the same transaction as the database's mark.
      await server.createOwned(name, {
        owner: role,
        mark,
        template: options.template,
        role: { password: await verifier, found: marks.role, memberOf: options.memberOf },
      })
    }, options.session)
    tenant.dbUser = role
    tenant.dbPassword = password
  }

  /**
   * Drops the tenant's database and then its role, each only if it carries
   * this tenant's mark (DatabaseNotOwnedException otherwise). Returns what
   * was dropped.
   */
  async drop(tenant: OwnedTenant) {
    const name = this.#databaseName(tenant)
    const mark = tenantMark(tenant.uuid)
    const server = this.server(tenant)
    await this.connections.closeTenant(tenant.id)
    const database = await server.dropOwned(name, mark)
    const role = await server.dropOwnedRole(this.roleFor(tenant), mark)
    tenant.dbUser = null
    tenant.dbPassword = null
    return { database, role }
  }

  /**
   * Brings an existing tenant database under the platform's rules: its own
   * role (created, or given a new password when the stored one does not
   * work), owner of the database and of every object in it, the tenant's
   * mark, CONNECT revoked from PUBLIC. Safe to repeat: an already secure
   * tenant is left as it is. Refuses a database or role marked for another
   * tenant, or a role the platform did not create. `persist` saves the
   * tenant row; it runs as soon as the role's password changed, so the row
   * never lags behind the role.
   */
  async secure(tenant: OwnedTenant, persist: () => Promise<unknown>): Promise<SecureResult> {
    const name = this.#databaseName(tenant)
    const role = this.roleFor(tenant)
    const mark = tenantMark(tenant.uuid)
    const server = this.server(tenant)
    const changes: string[] = []

    const databaseMark = await server.markOf(name)
    if (databaseMark === undefined) throw new Error(`Database "${name}" does not exist`)
    if (databaseMark !== null) await server.assertOwned(name, mark)
    await server.assertRoleOwned(role, mark)

    const roleExists = (await server.roleMarkOf(role)) !== undefined
    const settings = this.connections.serverFor(tenant)
    const works =
      roleExists &&
      tenant.dbUser === role &&
      !!tenant.dbPassword &&
      (await this.#canConnect({
        ...settings,
        user: role,
        password: tenant.dbPassword,
        database: name,
      }))
    if (!works) {
      const password = newPassword()
      await server.ensureRole(role, { password, mark })
      tenant.dbUser = role
      tenant.dbPassword = password
      await persist()
      changes.push(roleExists ? `new password for role ${role}` : `created role ${role}`)
    } else {
      // Membership lets the landlord role create, alter and drop what the tenant role owns.
      await server.ensureRole(role, { mark })
    }

    if (await this.#needsAdoption(server, name, role, mark)) {
      await server.adopt(name, { owner: role, mark })
      changes.push(`database ${name} owned by ${role}, marked, CONNECT revoked from PUBLIC`)
    }
    const reassigned = await server.reassignObjects(name, role)
    if (reassigned > 0) changes.push(`${reassigned} objects reassigned to ${role}`)
    await this.connections.closeTenant(tenant.id)
    return { role, changes }
  }

  async #needsAdoption(server: DatabaseServer, name: string, role: string, mark: string) {
    const state = await server.ownershipOf(name)
    return !state || state.owner !== role || state.mark !== mark || state.publicConnect
  }

  #databaseName(tenant: OwnedTenant) {
    if (!tenant.dbName) throw new Error(`Tenant "${tenant.slug}" has no database yet`)
    return tenant.dbName
  }

  /**
   * Whether these credentials open a session on the database (a maintenance connection).
   */
  async #canConnect(settings: AdminServerSettings) {
    return this.connections.admin.withClient(settings, async () => true).catch(() => false)
  }
}

/**
 * 32 random bytes as base64url: no quoting concerns, far beyond guessing.
 */
export function newPassword() {
  return randomBytes(32).toString('base64url')
}
