import type pg from 'pg'
import type { AdminConnections } from '#tenancy/admin_connections'
import type { DatabaseServerSettings } from '#tenancy/connection_manager'

/**
 * A PostgreSQL session-level advisory lock held on a dedicated connection
 * for as long as the work runs, so it is released even if the process dies.
 */
export class AdvisoryLock {
  constructor(
    protected settings: DatabaseServerSettings & { database: string },
    protected namespace: number,
    /** The lock's connection holds a lock permit and a slot of this budget. */
    protected admin: AdminConnections
  ) {}

  /**
   * Runs fn while holding lock (namespace, key). Returns false, without
   * running fn, when someone else holds it. fn gets the lock's connection
   * (the landlord database, landlord role) for work of its own meanwhile, so
   * that work needs no connection of its own; it must leave the session as
   * it found it (no open transaction, no SET).
   */
  async tryWith<R>(
    key: number,
    fn: (client: pg.Client) => Promise<R>
  ): Promise<{ acquired: true; value: R } | { acquired: false }> {
    return this.admin.withLockClient(this.settings, async (client) => {
      const result = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1, $2) as locked',
        [this.namespace, key]
      )
      if (!result.rows[0].locked) return { acquired: false }
      try {
        return { acquired: true, value: await fn(client) }
      } finally {
        await client.query('select pg_advisory_unlock($1, $2)', [this.namespace, key])
      }
    })
  }
}
