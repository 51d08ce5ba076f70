import type pg from 'pg'
import type { Database } from '@adonisjs/lucid/database'
import type { ConnectionBudget } from '#tenancy/connection_budget'

/** Knex's pool, as Lucid's landlord connection holds it. */
interface KnexPool {
  acquireConnection(): Promise<pg.Client>
  releaseConnection(connection: pg.Client): Promise<void>
}

/**
 * A session-level advisory lock held on a connection of the landlord's
 * Lucid pool, so taking it opens no connection (a new backend costs more
 * than the work it guards, on a busy server). At most `holders.size`
 * connections of the pool hold such locks at once: kept below the pool's
 * size, the landlord queries the holders run meanwhile always find a
 * connection, so holders never deadlock the pool.
 *
 * The connection goes back to the pool only after the lock is released on
 * it; when the unlock fails, the connection is ended instead (its backend
 * takes the lock with it) and the pool drops it. A process that dies
 * loses its connections, and PostgreSQL releases their locks.
 */
export class PooledAdvisoryLock {
  constructor(
    protected db: Database,
    protected connectionName: string,
    protected namespace: number,
    protected holders: ConnectionBudget
  ) {}

  /**
   * Runs fn while holding lock (namespace, key). Returns false, without
   * running fn, when someone else holds it. fn gets the lock's connection
   * (the landlord database and role) for work of its own; it must leave the
   * session as it found it (no open transaction, no SET). `recheck`: a
   * statement run right after the lock is taken, in the same round trip
   * but with a snapshot of its own (so it sees what was committed before
   * the lock was ours); its rows are given to fn.
   */
  async tryWith<R>(
    key: number,
    fn: (client: pg.Client, recheck: Array<Record<string, unknown>>) => Promise<R>,
    options: { recheck?: string } = {}
  ): Promise<{ acquired: true; value: R } | { acquired: false }> {
    if (!Number.isSafeInteger(key) || !Number.isSafeInteger(this.namespace)) {
      throw new Error(`An advisory lock key must be an integer (got ${key})`)
    }
    return this.holders.use(async () => {
      const pool = this.#pool()
      const client = await pool.acquireConnection()
      // Until the lock query answers, the lock may be held (a recheck that fails leaves it held).
      let locked = true
      try {
        const take = `select pg_try_advisory_lock(${this.namespace}, ${key}) as locked`
        // A multi-statement query: each statement takes its own snapshot (READ COMMITTED).
        const results = options.recheck
          ? ((await client.query(`${take}; ${options.recheck}`)) as unknown as pg.QueryResult[])
          : [await client.query(take)]
        locked = results[0].rows[0]?.locked === true
        if (!locked) return { acquired: false as const }
        return { acquired: true as const, value: await fn(client, results[1]?.rows ?? []) }
      } finally {
        await this.#release(pool, client, locked, key)
      }
    })
  }

  async #release(pool: KnexPool, client: pg.Client, locked: boolean, key: number) {
    try {
      if (locked) {
        const unlocked = await client.query<{ unlocked: boolean }>(
          'select pg_advisory_unlock($1, $2) as unlocked',
          [this.namespace, key]
        )
        if (!unlocked.rows[0]?.unlocked) throw new Error('the lock was not held')
      }
    } catch {
      // Its backend goes, and the lock with it; the pool drops an ended connection.
      await client.end().catch(() => {})
    } finally {
      await pool.releaseConnection(client)
    }
  }

  #pool(): KnexPool {
    return this.db.connection(this.connectionName).getWriteClient().client as KnexPool
  }
}
