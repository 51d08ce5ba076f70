import pg from 'pg'
import type { DatabaseServerSettings } from '#tenancy/connection_manager'

/**
 * A PostgreSQL session-level advisory lock held on a dedicated connection
 * for as long as the work runs, so it is released even if the process dies.
 */
export class AdvisoryLock {
  constructor(
    protected settings: DatabaseServerSettings & { database: string },
    protected namespace: number
  ) {}

  /**
   * Runs fn while holding lock (namespace, key). Returns false, without
   * running fn, when someone else holds it.
   */
  async tryWith<R>(
    key: number,
    fn: () => Promise<R>
  ): Promise<{ acquired: true; value: R } | { acquired: false }> {
    const client = new pg.Client(this.settings)
    // A dropped lock connection must not crash the process; the work itself reports its own errors.
    client.on('error', () => {})
    await client.connect()
    try {
      const result = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1, $2) as locked',
        [this.namespace, key]
      )
      if (!result.rows[0].locked) return { acquired: false }
      try {
        return { acquired: true, value: await fn() }
      } finally {
        await client.query('select pg_advisory_unlock($1, $2)', [this.namespace, key])
      }
    } finally {
      await client.end()
    }
  }
}
