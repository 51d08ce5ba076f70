import { createHash, randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { DatabaseServerSettings, TenantConnectionManager } from '#tenancy/connection_manager'
import type { GoldenManifest } from '#tenancy/golden_templates'
import type { OwnedTenant } from '#tenancy/tenant_databases'
import { AdvisoryLock } from '#tenancy/advisory_lock'
import { DatabaseServer } from '#tenancy/database_server'
import { goldenMarkKind, quoteIdentifier, roleNameFor, tenantMark } from '#tenancy/naming'
import { scramVerifier } from '#tenancy/scram'
import { newPassword } from '#tenancy/tenant_databases'

/** Namespace of the refill advisory locks, one per golden key ("SPAR"). */
const REFILL_LOCK_NAMESPACE = 0x53504152
/** Namespace of the take advisory locks, one per golden key ("SPTK"). */
const TAKE_LOCK_NAMESPACE = 0x5350544b

/** Start of the comment on a ready spare database and its role. */
export const SPARE_MARK_PREFIX = 'sangathan:spare:'
/** Start of the comment on a spare still being made (or left by a crash). */
export const SPARE_BUILDING_MARK_PREFIX = 'sangathan:spare-building:'

const SPARE_MARKS = goldenMarkKind({
  ready: SPARE_MARK_PREFIX,
  building: SPARE_BUILDING_MARK_PREFIX,
})
const readyMark = SPARE_MARKS.ready
const buildingMark = SPARE_MARKS.building

/** Whether a comment is a spare mark (ready or being made). */
export const isSpareMark = SPARE_MARKS.is

export interface GoldenSparesSettings {
  /** Tenant database prefix; spares are `<prefix>_s_<random>` (no slug can make that). */
  databasePrefix: string
  /** Landlord server and role: where the goldens, and so the spares, are. */
  landlord: DatabaseServerSettings & { database: string }
  /** Ready spares kept per golden database; 0 keeps none. */
  count: number
}

/** What a refill did. */
export interface RefillResult {
  /** Spares made now. */
  made: string[]
  /** Leftovers dropped first: spares a crashed refill did not finish, roles without a database. */
  dropped: string[]
  /** Ready spares of this golden afterwards. */
  ready: number
  /** Another process was refilling the same golden: nothing was done. */
  busy?: boolean
}

/**
 * Spare databases: copies of a golden database made ahead of time, their
 * objects already given to a role of their own, so that provisioning takes
 * one (renames database and role, sets the role's password and the tenant's
 * mark, in one transaction) instead of copying and reassigning while the
 * party waits. A spare is exactly what a clone is before its seeders run;
 * taking one is the clone path without the copy.
 *
 * A spare and its role are named `<prefix>_s_<random>` and marked
 * `sangathan:spare:<set>:<key>` (`spare-building` while being made). Only
 * databases and roles carrying a spare mark are dropped here. A spare never
 * outlives its golden's key: a rebuilt golden prunes its set's old spares
 * (GoldenTemplates#prune), and a take asks for the key of the golden it
 * records in the history.
 */
export class GoldenSpares {
  constructor(
    protected connections: TenantConnectionManager,
    public readonly settings: GoldenSparesSettings
  ) {}

  get prefix() {
    return `${this.settings.databasePrefix}_s_`
  }

  /**
   * Gives the tenant a ready spare of this golden as its database: its
   * earlier failed run's database and role (carrying its mark) are dropped
   * first, anything else under its names is refused (DatabaseNotOwnedException).
   * Returns the spare's former name, or undefined when none was ready.
   * `session`: a connection open to the landlord's server as the landlord
   * role (the provisioning lock's), used instead of opening one.
   */
  async take(tenant: OwnedTenant, golden: GoldenManifest, session?: pg.Client) {
    if (this.settings.count <= 0) return undefined
    if (!tenant.dbName) throw new Error(`Tenant "${tenant.slug}" has no database name yet`)
    const name = tenant.dbName
    const role = tenant.dbUser ?? roleNameFor(name)
    const mark = tenantMark(tenant.uuid)
    const server = this.#server()
    await this.connections.closeTenant(tenant.id)
    const password = newPassword()
    const verifier = scramVerifier(password)
    verifier.catch(() => {})
    const spare = await server.session(async () => {
      const marks = await server.marksOf(name, role)
      server.checkMark(name, marks.database, mark)
      server.checkRoleMark(role, marks.role, mark)
      // The names must be free for the spare's: an earlier run's database and role go.
      if (marks.database !== undefined) await server.dropOwned(name, mark)
      if (marks.role !== undefined) await server.dropOwnedRole(role, mark)
      return server.takeSpare({
        prefix: this.prefix,
        spareMark: readyMark(golden),
        lock: [TAKE_LOCK_NAMESPACE, lockKey(golden)],
        database: name,
        role,
        password: await verifier,
        mark,
      })
    }, session)
    if (spare) {
      tenant.dbUser = role
      tenant.dbPassword = password
    }
    return spare
  }

  /**
   * Makes spares of this golden until `count` are ready, one after the
   * other, under the golden's refill lock (a second process finds it busy
   * and leaves). Spares a crashed refill left half made, and spare roles
   * whose database is gone, are dropped first.
   */
  async refill(golden: GoldenManifest, count = this.settings.count): Promise<RefillResult> {
    const result: RefillResult = { made: [], dropped: [], ready: 0 }
    if (count <= 0) return result
    const lock = new AdvisoryLock(
      this.settings.landlord,
      REFILL_LOCK_NAMESPACE,
      this.connections.admin
    )
    const server = this.#server()
    const outcome = await lock.tryWith(lockKey(golden), (client) =>
      server.session(async () => {
        const spares = await server.listMarked(this.prefix)
        for (const spare of spares) {
          if (spare.database && spare.mark === buildingMark(golden)) {
            result.dropped.push(await this.#drop(server, spare.name, spare.mark))
          } else if (spare.database === false && isSpareMark(spare.mark)) {
            // A role whose database was dropped before it (a drop cut short).
            if (await server.dropOwnedRole(spare.name, spare.mark)) result.dropped.push(spare.name)
          }
        }
        result.ready = spares.filter(
          (spare) => spare.database && spare.mark === readyMark(golden)
        ).length
        while (result.ready < count) {
          result.made.push(await this.#make(server, golden))
          result.ready += 1
        }
      }, client)
    )
    if (!outcome.acquired) return { ...result, busy: true }
    return result
  }

  /**
   * Drops spares (only those carrying a spare mark) and their roles: those
   * of one golden set but the key `keep`, or all of them. Returns their names.
   */
  async prune(options: { setId?: string; keep?: string } = {}) {
    const server = this.#server()
    const dropped: string[] = []
    await server.session(async () => {
      for (const spare of await server.listMarked(this.prefix)) {
        if (!isSpareMark(spare.mark)) continue
        const { setId, key } = SPARE_MARKS.parts(spare.mark)
        if (options.setId && setId !== options.setId) continue
        if (options.keep && key === options.keep) continue
        if (spare.database) dropped.push(await this.#drop(server, spare.name, spare.mark))
        else if (await server.dropOwnedRole(spare.name, spare.mark)) dropped.push(spare.name)
      }
    })
    return dropped
  }

  /** Names of ready spares of this golden. */
  async ready(golden: GoldenManifest) {
    const server = this.#server()
    const spares = await server.session(() => server.listMarked(this.prefix))
    return spares
      .filter((spare) => spare.database && spare.mark === readyMark(golden))
      .map((spare) => spare.name)
  }

  /**
   * One spare: a copy of the golden owned by a new login role of the same
   * name, made as a clone is (DatabaseServer#createOwned, connections
   * refused until only its role may connect), its objects given to that
   * role by a REASSIGN OWNED on its own connection, the golden owner
   * membership taken back, then marked ready. On failure it is dropped.
   */
  async #make(server: DatabaseServer, golden: GoldenManifest) {
    const name = `${this.prefix}${randomBytes(8).toString('hex')}`
    const building = buildingMark(golden)
    const password = newPassword()
    await server.createOwned(name, {
      owner: name,
      mark: building,
      template: golden.database,
      role: { password: await scramVerifier(password), found: undefined, memberOf: golden.owner },
    })
    try {
      const { host, port } = this.settings.landlord
      await this.connections.admin.withClient(
        { host, port, user: name, password, database: name },
        (client) =>
          client.query(`reassign owned by ${quoteIdentifier(golden.owner)} to current_user`)
      )
      await server.revokeMembership(name, golden.owner)
      await server.remark(name, building, readyMark(golden), { withRole: true })
    } catch (error) {
      await this.#drop(server, name, building).catch(() => {})
      throw error
    }
    return name
  }

  async #drop(server: DatabaseServer, name: string, mark: string) {
    await server.dropOwned(name, mark)
    await server.dropOwnedRole(name, mark)
    return name
  }

  #server() {
    return new DatabaseServer(this.settings.landlord, this.connections.admin)
  }
}

/** A golden's advisory lock key (31 bits of its key's hash). */
function lockKey(golden: GoldenManifest) {
  return createHash('sha256').update(golden.key).digest().readUInt32BE(0) >>> 1
}
