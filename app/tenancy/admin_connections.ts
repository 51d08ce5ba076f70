import pg from 'pg'
import { ConnectionBudget } from '#tenancy/connection_budget'

export interface AdminServerSettings {
  host: string
  port: number
  user: string
  password?: string
  database: string
}

export interface AdminConnectionsOptions {
  /** Hard cap on maintenance connections (migrations, locks, CREATE/DROP DATABASE); at least 2. */
  size: number
  /** How long an operation waits for a free slot before failing. */
  acquireTimeoutMs: number
  /** application_name of these connections, so pg_stat_activity tells them apart. */
  applicationName: string
  /**
   * How long opening a connection may take (default 15 s): a server that
   * does not answer (one of several, down or unreachable) fails the work
   * instead of holding a slot for the operating system's TCP timeout.
   */
  connectTimeoutMs?: number
}

/**
 * The small, hard budget of maintenance connections a process opens next to
 * its tenant pools: migration connections, advisory-lock connections and
 * CREATE/DROP DATABASE clients all hold one slot per physical connection.
 *
 * A lock is held for a whole provisioning, during which the same work needs
 * a second slot (CREATE DATABASE, migrations). Lock holders therefore first
 * take one of `size - 1` lock permits: at least one slot is always held by
 * work that finishes without waiting for another slot, so nesting a lock
 * and an operation can never deadlock the budget.
 */
export class AdminConnections {
  readonly slots: ConnectionBudget
  readonly lockPermits: ConnectionBudget

  constructor(public readonly options: AdminConnectionsOptions) {
    if (options.size < 2) {
      throw new Error(`The admin connection budget needs at least 2 slots (got ${options.size})`)
    }
    this.slots = new ConnectionBudget(options.size, options.acquireTimeoutMs, 'admin database')
    this.lockPermits = new ConnectionBudget(options.size - 1, options.acquireTimeoutMs, 'lock')
  }

  /**
   * Runs fn with a connected pg.Client holding one slot; the client is closed
   * before the slot is freed, even when closing fails.
   */
  async withClient<R>(
    settings: AdminServerSettings,
    fn: (client: pg.Client) => Promise<R>
  ): Promise<R> {
    return this.slots.use(async () => {
      const client = new pg.Client({
        ...settings,
        application_name: this.options.applicationName,
        connectionTimeoutMillis: this.options.connectTimeoutMs ?? 15_000,
      })
      // A connection the server drops must not crash the process; the query reports its own error.
      client.on('error', () => {})
      try {
        await client.connect()
        return await fn(client)
      } finally {
        await client.end().catch(() => {})
      }
    })
  }

  /**
   * Like withClient, for a connection held for a long time (an advisory lock):
   * takes a lock permit first.
   */
  async withLockClient<R>(
    settings: AdminServerSettings,
    fn: (client: pg.Client) => Promise<R>
  ): Promise<R> {
    return this.lockPermits.use(() => this.withClient(settings, fn))
  }

  /**
   * Holds one slot while fn opens and closes a connection of its own (a
   * migration's Lucid connection); fn must close it before it returns.
   */
  withSlot<R>(fn: () => Promise<R>): Promise<R> {
    return this.slots.use(fn)
  }

  stats() {
    return { ...this.slots.stats(), locks: this.lockPermits.stats().inUse }
  }
}
