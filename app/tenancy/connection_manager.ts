import type { Database } from '@adonisjs/lucid/database'
import type { PostgreConfig } from '@adonisjs/lucid/types/database'
import { AdminConnections } from '#tenancy/admin_connections'
import { tenantConnectionName, type TenantIdentity } from '#tenancy/tenant_context'
import { TenantConnectionLimitException } from '#tenancy/exceptions'

export interface DatabaseServerSettings {
  host: string
  port: number
  user: string
  password?: string
}

export interface ConnectionManagerOptions {
  /** Hard cap on physical connections to tenant databases, shared by every tenant. */
  maxConnections: number
  /** A connection unused this long is closed. */
  idleTimeoutMs: number
  /** How long tenant work waits for a free connection before failing. */
  acquireTimeoutMs: number
  /**
   * With the budget full, how long work for a tenant whose connections are
   * all busy waits for one of them before another tenant's idle connection
   * is closed to open a new one (default 50 ms). Opening costs a new
   * PostgreSQL backend and costs the other tenant one later; a page holds its
   * connection for a few tens of milliseconds.
   */
  shareWaitMs?: number
  /** Hard cap on maintenance connections (migrations, locks, CREATE/DROP DATABASE). */
  adminConnections: number
  /** How long maintenance work waits for a free maintenance connection. */
  adminAcquireTimeoutMs: number
  /** Prefix of application_name, so pg_stat_activity shows whose connections these are. */
  applicationName: string
  /**
   * Server used when a tenant row names none; its credentials (the landlord
   * role) create and drop databases, and reach tenants that have no role yet.
   */
  defaultServer: DatabaseServerSettings
  /** Told once per tenant reached with the landlord's credentials (no role of its own yet). */
  warn?: (message: string) => void
  /** Told about failures nobody awaits (closing a pool, the idle sweep). */
  onError?: (error: unknown, message: string) => void
}

/**
 * One physical connection: a Lucid connection whose pool holds at most one
 * connection, leased to one piece of tenant work at a time.
 */
interface Lane {
  name: string
  tenantId: number
  /** Server and database the lane points at: a moved tenant gets a new lane. */
  target: string
  busy: boolean
  lastUsedAt: number
  /** Close on release (closeTenant gave up waiting for its user). */
  closeWhenFree: boolean
}

interface Waiter {
  tenant: TenantIdentity
  target: string
  resolve: (name: string) => void
  reject: (error: unknown) => void
  timer?: NodeJS.Timeout
  /** Until then, if its tenant's lanes are all busy, it waits for one (see shareWaitMs). */
  patientUntil: number
  patienceTimer?: NodeJS.Timeout
}

const DEFAULT_SHARE_WAIT_MS = 50

/**
 * Holds at most `maxConnections` physical connections to tenant databases,
 * whatever the number of tenants. Each connection is its own Lucid
 * connection with a pool of one (a "lane") and is leased exclusively: a
 * lane in use is never closed. Lanes open lazily; when the budget is full,
 * the least recently used idle lane is closed to make room (unless the
 * tenant has busy lanes of its own: then it first waits shareWaitMs for one
 * of them), and when every lane is busy, acquire() waits in FIFO order (bounded by acquireTimeoutMs)
 * and then fails with TenantConnectionLimitException (HTTP 503). A lane
 * still closing counts against the budget until its connection has ended.
 */
export class TenantConnectionManager {
  readonly admin: AdminConnections
  #lanes = new Map<string, Lane>()
  #closing = 0
  #queue: Waiter[] = []
  #sequence = 0
  #idleTimer?: NodeJS.Timeout
  #peakOpen = 0
  #warnedLegacy = new Set<number>()
  /** PostgreSQL version of each server (host:port), as knex read it (learnServerVersion). */
  #serverVersions = new Map<string, string>()

  constructor(
    protected db: Database,
    public readonly options: ConnectionManagerOptions
  ) {
    if (!Number.isInteger(options.maxConnections) || options.maxConnections < 1) {
      throw new Error(`TENANT_DB_MAX_CONNECTIONS must be at least 1 (${options.maxConnections})`)
    }
    this.admin = new AdminConnections({
      size: options.adminConnections,
      acquireTimeoutMs: options.adminAcquireTimeoutMs,
      applicationName: `${options.applicationName}:admin:${process.pid}`,
    })
  }

  /**
   * Lucid connection config of one physical connection to a tenant's database.
   */
  connectionConfig(
    tenant: TenantIdentity,
    applicationName = `${this.options.applicationName}:tenant:${process.pid}`
  ): PostgreConfig {
    if (!tenant.dbName) {
      throw new Error(`Tenant "${tenant.slug}" has no database yet`)
    }
    const server = this.serverFor(tenant)
    const credentials = this.#credentialsFor(tenant, server)
    // pg reads application_name; Lucid's type does not list it.
    const connection = {
      host: server.host,
      port: server.port,
      user: credentials.user,
      password: credentials.password,
      database: tenant.dbName,
      application_name: applicationName,
    }
    return {
      client: 'pg',
      connection,
      // One connection per lane. Idle lanes are closed by this manager (counted);
      // the pool's own reaper would close one uncounted, so it is kept out of the way.
      pool: { min: 0, max: 1, idleTimeoutMillis: 24 * 3600_000 },
      // Known from an earlier lane to this server: knex then skips its `select version()`
      // on the new connection (a round trip on every connection opened).
      version: this.#serverVersions.get(`${server.host}:${server.port}`),
      schemaGeneration: { enabled: false },
    }
  }

  /**
   * The tenant's own role; the landlord's credentials, with a warning, for a
   * tenant provisioned before roles existed (until tenant:secure).
   */
  #credentialsFor(tenant: TenantIdentity, server: DatabaseServerSettings) {
    if (tenant.dbUser) {
      if (!tenant.dbPassword) {
        throw new Error(
          `Tenant "${tenant.slug}": the password of role ${tenant.dbUser} cannot be decrypted ` +
            `(was APP_KEY changed?); node ace tenant:secure ${tenant.slug} sets a new one`
        )
      }
      return { user: tenant.dbUser, password: tenant.dbPassword }
    }
    if (!this.#warnedLegacy.has(tenant.id)) {
      this.#warnedLegacy.add(tenant.id)
      this.options.warn?.(
        `Tenant "${tenant.slug}" has no database role of its own and is reached with the ` +
          `landlord's credentials: run node ace tenant:secure ${tenant.slug}`
      )
    }
    return { user: server.user, password: server.password }
  }

  /**
   * Keeps the PostgreSQL version knex read on the Lucid connection `name`
   * (to `server`, host:port), once per server: connectionConfig() then gives
   * it to every later connection there, and knex skips its `select version()`.
   * Called by lanes when they are given back and by migration connections.
   */
  learnServerVersion(name: string, server: string) {
    if (this.#serverVersions.has(server)) return
    // The Lucid connection > its knex instance > knex's pg client, which read the version.
    const node = this.db.manager.get(name) as
      { connection?: { client?: { client?: { version?: unknown } } } } | undefined
    const version = node?.connection?.client?.client?.version
    if (typeof version === 'string') this.#serverVersions.set(server, version)
  }

  /**
   * The database server holding a tenant (its row decides; default otherwise).
   */
  serverFor(tenant: Pick<TenantIdentity, 'dbHost' | 'dbPort'>): DatabaseServerSettings {
    return {
      ...this.options.defaultServer,
      host: tenant.dbHost ?? this.options.defaultServer.host,
      port: tenant.dbPort ?? this.options.defaultServer.port,
    }
  }

  /**
   * Leases one physical connection to the tenant's database (opening it if
   * needed) and returns its Lucid connection name. Pair every acquire with a
   * release.
   */
  acquire(tenant: TenantIdentity): Promise<string> {
    if (!tenant.dbName) {
      return Promise.reject(new Error(`Tenant "${tenant.slug}" has no database yet`))
    }
    return new Promise<string>((resolve, reject) => {
      const shareWaitMs = this.options.shareWaitMs ?? DEFAULT_SHARE_WAIT_MS
      const waiter: Waiter = {
        tenant,
        target: this.#targetOf(tenant),
        resolve,
        reject,
        patientUntil: Date.now() + shareWaitMs,
      }
      this.#queue.push(waiter)
      this.#pump()
      if (!this.#queue.includes(waiter)) return
      if (shareWaitMs > 0 && this.#laneFor(waiter, true)) {
        // Patience over: pump again, so the waiter may have another tenant's idle lane closed.
        waiter.patienceTimer = setTimeout(() => {
          waiter.patienceTimer = undefined
          // Over now, whatever Date.now() says: a timer may fire a millisecond before the
          // wall clock reaches patientUntil (or the clock may have been set back), and
          // nothing else would pump for this waiter until its acquire timeout.
          waiter.patientUntil = 0
          this.#pump()
        }, shareWaitMs)
      }
      waiter.timer = setTimeout(() => {
        clearTimeout(waiter.patienceTimer)
        this.#queue = this.#queue.filter((other) => other !== waiter)
        reject(
          new TenantConnectionLimitException(
            `All ${this.options.maxConnections} tenant database connections stayed busy for ` +
              `${this.options.acquireTimeoutMs} ms; try again shortly`
          )
        )
        this.#pump()
      }, this.options.acquireTimeoutMs)
    })
  }

  /**
   * Gives a lease back.
   */
  release(name: string) {
    const lane = this.#lanes.get(name)
    if (!lane || !lane.busy) return
    this.learnServerVersion(lane.name, lane.target.slice(0, lane.target.indexOf('/')))
    lane.busy = false
    lane.lastUsedAt = Date.now()
    if (lane.closeWhenFree) void this.#closeLane(lane)
    this.#pump()
  }

  /**
   * Closes the tenant's connections, waiting (bounded by the acquire timeout)
   * for current users to finish; one still in use then is closed when it is
   * released, never under its user. Used before dropping or moving a database.
   * Returns whether every connection was closed.
   */
  async closeTenant(tenantId: number) {
    const deadline = Date.now() + this.options.acquireTimeoutMs
    while (true) {
      const lanes = [...this.#lanes.values()].filter((lane) => lane.tenantId === tenantId)
      await Promise.all(lanes.map((lane) => this.#closeLane(lane)))
      const busy = [...this.#lanes.values()].filter((lane) => lane.tenantId === tenantId)
      if (busy.length === 0) return true
      if (Date.now() >= deadline) {
        for (const lane of busy) lane.closeWhenFree = true
        return false
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  /**
   * Closes connections idle for longer than the idle timeout. Returns how
   * many it closed.
   */
  async closeIdle(now = Date.now()) {
    const expired = [...this.#lanes.values()].filter(
      (lane) => !lane.busy && now - lane.lastUsedAt >= this.options.idleTimeoutMs
    )
    const closed = await Promise.all(expired.map((lane) => this.#closeLane(lane)))
    return closed.filter(Boolean).length
  }

  /**
   * Starts the periodic idle sweep (unref'd: it never keeps the process alive).
   */
  startIdleSweep() {
    if (this.#idleTimer) return
    const every = Math.max(1000, Math.floor(this.options.idleTimeoutMs / 2))
    this.#idleTimer = setInterval(() => {
      this.closeIdle().catch((error) => this.#report(error, 'Tenant connection sweep failed'))
    }, every)
    this.#idleTimer.unref()
  }

  /**
   * Stops the sweep and closes every idle connection; one in use is closed
   * when it is released.
   */
  async closeAll() {
    if (this.#idleTimer) clearInterval(this.#idleTimer)
    this.#idleTimer = undefined
    const lanes = [...this.#lanes.values()]
    for (const lane of lanes) lane.closeWhenFree = true
    await Promise.all(lanes.map((lane) => this.#closeLane(lane)))
  }

  /**
   * Open connections (closing ones included), leased ones, waiters and the
   * highest count of open connections seen.
   */
  stats() {
    return {
      open: this.#lanes.size + this.#closing,
      inUse: [...this.#lanes.values()].filter((lane) => lane.busy).length,
      waiting: this.#queue.length,
      peakOpen: this.#peakOpen,
      maxConnections: this.options.maxConnections,
    }
  }

  resetPeak() {
    this.#peakOpen = this.#lanes.size + this.#closing
  }

  /**
   * Serves waiters: one needing a new connection gets it in arrival order
   * while there is room; one whose tenant has an idle lane takes it at once,
   * passing waiters that need a new connection only when that does not delay
   * them (enough other lanes are closing or idle for them). Then closes
   * idle lanes, least recently used first and lanes that a waiter wants
   * last, as many as the waiters still needing a connection lack. A waiter
   * whose tenant's lanes are all busy opens one only while there is room;
   * until its patience ends it needs no lane closed: it waits for its own.
   */
  #pump() {
    let missesAhead = 0
    let idle = this.#idleCount()
    const now = Date.now()
    for (let index = 0; index < this.#queue.length;) {
      const waiter = this.#queue[index]
      const own = this.#laneFor(waiter, false)
      const patient = !own && waiter.patientUntil > now && this.#laneFor(waiter, true) !== undefined
      let lane: Lane | undefined
      try {
        if (own) {
          if (missesAhead <= this.#closing + idle - 1) lane = own
        } else if (missesAhead === 0) {
          lane = this.#openLaneIfRoom(waiter)
        }
      } catch (error) {
        this.#queue.splice(index, 1)
        clearTimeout(waiter.timer)
        clearTimeout(waiter.patienceTimer)
        waiter.reject(error)
        continue
      }
      if (!lane) {
        if (!own && !patient) missesAhead++
        index++
        continue
      }
      if (lane === own) idle--
      this.#queue.splice(index, 1)
      clearTimeout(waiter.timer)
      clearTimeout(waiter.patienceTimer)
      lane.busy = true
      lane.lastUsedAt = Date.now()
      waiter.resolve(lane.name)
    }
    // Closes already under way free a slot each: start only as many more as waiters need.
    if (this.#closing >= missesAhead) return
    const wanted = new Set(this.#queue.map((waiter) => `${waiter.tenant.id}|${waiter.target}`))
    while (this.#closing < missesAhead) {
      const victim = this.#victim(wanted)
      if (!victim) break
      void this.#closeLane(victim)
    }
  }

  #idleCount() {
    let count = 0
    for (const lane of this.#lanes.values()) if (!lane.busy && !lane.closeWhenFree) count++
    return count
  }

  /** A lane of the waiter's tenant and target, idle or in use, not due to close. */
  #laneFor(waiter: Waiter, busy: boolean) {
    for (const lane of this.#lanes.values()) {
      if (
        lane.tenantId === waiter.tenant.id &&
        lane.target === waiter.target &&
        lane.busy === busy &&
        !lane.closeWhenFree
      ) {
        return lane
      }
    }
    return undefined
  }

  #openLaneIfRoom(waiter: Waiter): Lane | undefined {
    if (this.#lanes.size + this.#closing >= this.options.maxConnections) return undefined
    const name = tenantConnectionName(waiter.tenant.id, ++this.#sequence)
    this.db.manager.add(name, this.connectionConfig(waiter.tenant))
    const lane: Lane = {
      name,
      tenantId: waiter.tenant.id,
      target: waiter.target,
      busy: false,
      lastUsedAt: Date.now(),
      closeWhenFree: false,
    }
    this.#lanes.set(name, lane)
    this.#peakOpen = Math.max(this.#peakOpen, this.#lanes.size + this.#closing)
    return lane
  }

  /**
   * Closes a lane unless it is in use, checked in the same synchronous step
   * that removes it: a lease taken meanwhile keeps it open. The slot stays
   * counted until the connection has ended and is freed even when ending
   * fails. Never rejects. Resolves true when it closed the lane.
   */
  async #closeLane(lane: Lane): Promise<boolean> {
    if (lane.busy || this.#lanes.get(lane.name) !== lane) return false
    this.#lanes.delete(lane.name)
    this.#closing++
    try {
      if (this.db.manager.has(lane.name)) await this.db.manager.release(lane.name)
    } catch (error) {
      this.#report(error, `Closing tenant connection ${lane.name} failed`)
    } finally {
      this.#closing--
      this.#pump()
    }
    return true
  }

  /**
   * The idle lane to close for a waiter: one no waiter wants before one a
   * waiter wants, and among those a tenant's spare lane (it keeps another)
   * before a tenant's only one, so that every party in use stays warm; the
   * least recently used first within each.
   */
  #victim(wanted: Set<string>): Lane | undefined {
    const lanesOf = new Map<string, number>()
    for (const lane of this.#lanes.values()) {
      const key = `${lane.tenantId}|${lane.target}`
      lanesOf.set(key, (lanesOf.get(key) ?? 0) + 1)
    }
    const rank = (lane: Lane) => {
      const key = `${lane.tenantId}|${lane.target}`
      return (wanted.has(key) ? 2 : 0) + ((lanesOf.get(key) ?? 0) > 1 ? 0 : 1)
    }
    let found: Lane | undefined
    let foundRank = Infinity
    for (const lane of this.#lanes.values()) {
      if (lane.busy) continue
      const laneRank = rank(lane)
      if (laneRank < foundRank || (laneRank === foundRank && lane.lastUsedAt < found!.lastUsedAt)) {
        found = lane
        foundRank = laneRank
      }
    }
    return found
  }

  #targetOf(tenant: TenantIdentity) {
    const server = this.serverFor(tenant)
    return `${server.host}:${server.port}/${tenant.dbName}`
  }

  #report(error: unknown, message: string) {
    try {
      this.options.onError?.(error, message)
    } catch {
      // A failing reporter must not turn a logged failure into a crash.
    }
  }
}
