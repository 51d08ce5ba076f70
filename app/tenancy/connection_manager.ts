import type { Database } from '@adonisjs/lucid/database'
import type { PostgreConfig } from '@adonisjs/lucid/types/database'
import { tenantConnectionName, type TenantIdentity } from '#tenancy/tenant_context'
import { TenantConnectionLimitException } from '#tenancy/exceptions'

export interface DatabaseServerSettings {
  host: string
  port: number
  user: string
  password?: string
}

export interface ConnectionManagerOptions {
  /** Hard cap on open tenant connections (each a small pool). */
  maxOpen: number
  /** Pool size of each tenant connection. */
  poolMax: number
  /** A connection unused this long is closed. */
  idleTimeoutMs: number
  /** How long acquire() waits for a free slot before failing. */
  acquireTimeoutMs: number
  /**
   * Server used when a tenant row names none; its credentials (the landlord
   * role) create and drop databases, and reach tenants that have no role yet.
   */
  defaultServer: DatabaseServerSettings
  /** Told once per tenant reached with the landlord's credentials (no role of its own yet). */
  warn?: (message: string) => void
}

interface Entry {
  tenantId: number
  inUse: number
  lastUsedAt: number
}

interface Waiter {
  resolve: () => void
  timer: NodeJS.Timeout
}

/**
 * Opens tenant connections lazily and keeps at most `maxOpen` of them, closing
 * the least recently used idle one to make room. A connection in use is never
 * closed; when every slot is busy, acquire() waits (bounded) for a release.
 */
export class TenantConnectionManager {
  #entries = new Map<string, Entry>()
  #closing = 0
  /** Releases in flight, by connection name: reopening one must wait for it. */
  #closingNames = new Map<string, Promise<void>>()
  #waiters: Waiter[] = []
  #idleTimer?: NodeJS.Timeout
  #peakOpen = 0
  #warnedLegacy = new Set<number>()

  constructor(
    protected db: Database,
    public readonly options: ConnectionManagerOptions
  ) {}

  /**
   * Lucid connection config for a tenant's database.
   */
  connectionConfig(tenant: TenantIdentity, poolMax = this.options.poolMax): PostgreConfig {
    if (!tenant.dbName) {
      throw new Error(`Tenant "${tenant.slug}" has no database yet`)
    }
    const server = this.serverFor(tenant)
    const credentials = this.#credentialsFor(tenant, server)
    return {
      client: 'pg',
      connection: {
        host: server.host,
        port: server.port,
        user: credentials.user,
        password: credentials.password,
        database: tenant.dbName,
      },
      pool: { min: 0, max: poolMax, idleTimeoutMillis: this.options.idleTimeoutMs },
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
   * Reserves the tenant's connection (opening it if needed) and returns its
   * name. Pair every acquire with a release.
   */
  async acquire(tenant: TenantIdentity): Promise<string> {
    const name = tenantConnectionName(tenant.id)
    const deadline = Date.now() + this.options.acquireTimeoutMs

    while (true) {
      const closing = this.#closingNames.get(name)
      if (closing) {
        await closing.catch(() => {})
        continue
      }

      const entry = this.#entries.get(name)
      if (entry) {
        entry.inUse++
        entry.lastUsedAt = Date.now()
        return name
      }

      if (this.#entries.size + this.#closing < this.options.maxOpen) {
        this.#open(name, tenant)
        return name
      }

      const victim = this.#leastRecentlyUsedIdle()
      if (victim) {
        await this.#close(victim)
        continue
      }

      const remaining = deadline - Date.now()
      if (remaining <= 0 || !(await this.#waitForRelease(remaining))) {
        throw new TenantConnectionLimitException(
          `All ${this.options.maxOpen} tenant connections stayed busy for ` +
            `${this.options.acquireTimeoutMs} ms; try again shortly`
        )
      }
    }
  }

  /**
   * Gives a reservation back.
   */
  release(name: string) {
    const entry = this.#entries.get(name)
    if (!entry) return
    entry.inUse = Math.max(0, entry.inUse - 1)
    entry.lastUsedAt = Date.now()
    if (entry.inUse === 0) this.#wakeOne()
  }

  /**
   * Closes the tenant's connection now; waits for current users to finish
   * first (bounded by the acquire timeout). Used before dropping a database.
   */
  async closeTenant(tenantId: number) {
    const name = tenantConnectionName(tenantId)
    const deadline = Date.now() + this.options.acquireTimeoutMs
    while ((this.#entries.get(name)?.inUse ?? 0) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    if (this.#entries.has(name)) await this.#close(name)
    await this.#closingNames.get(name)?.catch(() => {})
  }

  /**
   * Closes connections idle for longer than the idle timeout.
   */
  async closeIdle(now = Date.now()) {
    const expired = [...this.#entries.entries()]
      .filter(
        ([, entry]) => entry.inUse === 0 && now - entry.lastUsedAt >= this.options.idleTimeoutMs
      )
      .map(([name]) => name)
    for (const name of expired) await this.#close(name)
    return expired.length
  }

  /**
   * Starts the periodic idle sweep (unref'd: it never keeps the process alive).
   */
  startIdleSweep() {
    if (this.#idleTimer) return
    const every = Math.max(1000, Math.floor(this.options.idleTimeoutMs / 2))
    this.#idleTimer = setInterval(() => void this.closeIdle(), every)
    this.#idleTimer.unref()
  }

  async closeAll() {
    if (this.#idleTimer) clearInterval(this.#idleTimer)
    this.#idleTimer = undefined
    for (const name of [...this.#entries.keys()]) await this.#close(name)
  }

  /**
   * Open connections, reservations and the highest count seen.
   */
  stats() {
    return {
      open: this.#entries.size + this.#closing,
      inUse: [...this.#entries.values()].filter((entry) => entry.inUse > 0).length,
      waiting: this.#waiters.length,
      peakOpen: this.#peakOpen,
      maxOpen: this.options.maxOpen,
    }
  }

  resetPeak() {
    this.#peakOpen = this.#entries.size
  }

  #open(name: string, tenant: TenantIdentity) {
    if (!this.db.manager.has(name)) {
      this.db.manager.add(name, this.connectionConfig(tenant))
    }
    this.#entries.set(name, { tenantId: tenant.id, inUse: 1, lastUsedAt: Date.now() })
    this.#peakOpen = Math.max(this.#peakOpen, this.#entries.size + this.#closing)
  }

  async #close(name: string) {
    if (!this.#entries.delete(name)) return
    this.#closing++
    const release = async () => {
      try {
        if (this.db.manager.has(name)) await this.db.manager.release(name)
      } finally {
        this.#closing--
        this.#wakeOne()
      }
    }
    // .finally() always runs later, so the entry is set before it is deleted.
    const done = release().finally(() => this.#closingNames.delete(name))
    this.#closingNames.set(name, done)
    await done
  }

  #leastRecentlyUsedIdle(): string | undefined {
    let found: string | undefined
    let oldest = Number.POSITIVE_INFINITY
    for (const [name, entry] of this.#entries) {
      if (entry.inUse === 0 && entry.lastUsedAt < oldest) {
        oldest = entry.lastUsedAt
        found = name
      }
    }
    return found
  }

  #waitForRelease(timeoutMs: number) {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        resolve: () => {
          clearTimeout(waiter.timer)
          resolve(true)
        },
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((other) => other !== waiter)
          resolve(false)
        }, timeoutMs),
      }
      this.#waiters.push(waiter)
    })
  }

  #wakeOne() {
    const waiter = this.#waiters.shift()
    waiter?.resolve()
  }
}
