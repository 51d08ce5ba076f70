import { test } from '@japa/runner'
import pg from 'pg'
import db from '@adonisjs/lucid/services/db'
import provisioner from '#tenancy/services/provisioner'
import { ConnectionBudget } from '#tenancy/connection_budget'
import { PooledAdvisoryLock } from '#tenancy/pooled_advisory_lock'

/** A namespace no other lock of the app uses. */
const NAMESPACE = 0x54455354

/**
 * The tenant's lock on a pooled landlord connection: held while fn runs,
 * never left behind on a connection that goes back to the pool.
 */
test.group('Pooled advisory lock', (group) => {
  let other: pg.Client
  let key = 1000

  group.each.setup(async () => {
    key++
    other = new pg.Client({ ...provisioner.options.landlord })
    await other.connect()
    return () => other.end()
  })

  const lock = () =>
    new PooledAdvisoryLock(db, 'landlord', NAMESPACE, new ConnectionBudget(2, 5_000, 'test lock'))

  /** Whether another session can take the lock now (and gives it back). */
  async function free() {
    const result = await other.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1, $2) as locked',
      [NAMESPACE, key]
    )
    if (result.rows[0].locked) {
      await other.query('select pg_advisory_unlock($1, $2)', [NAMESPACE, key])
    }
    return result.rows[0].locked
  }

  test('holds the lock while fn runs, on a landlord connection, and releases it', async ({
    assert,
  }) => {
    const outcome = await lock().tryWith(key, async (client) => {
      const database = await client.query<{ name: string }>('select current_database() as name')
      assert.equal(database.rows[0].name, provisioner.options.landlord.database)
      assert.isFalse(await free(), 'held while fn runs')
      return 'done'
    })
    assert.deepEqual(outcome, { acquired: true, value: 'done' })
    assert.isTrue(await free(), 'released after')
  })

  test('refuses without running fn while another session holds it', async ({ assert }) => {
    await other.query('select pg_advisory_lock($1, $2)', [NAMESPACE, key])
    let ran = false
    try {
      const outcome = await lock().tryWith(key, async () => (ran = true))
      assert.deepEqual(outcome, { acquired: false })
      assert.isFalse(ran)
    } finally {
      await other.query('select pg_advisory_unlock($1, $2)', [NAMESPACE, key])
    }
  })

  test('the recheck runs after the lock, and its rows reach fn', async ({ assert }) => {
    const outcome = await lock().tryWith(key, async (_client, rows) => rows, {
      recheck: `select count(*)::int as held from pg_locks
                 where locktype = 'advisory' and pid = pg_backend_pid() and objid = ${key}`,
    })
    assert.deepEqual(outcome, { acquired: true, value: [{ held: 1 }] })
  })

  test('a failing fn or recheck leaves no lock on a pooled connection', async ({ assert }) => {
    await assert.rejects(() =>
      lock().tryWith(key, async () => {
        throw new Error('boom')
      })
    )
    assert.isTrue(await free())
    // The lock statement ran before the recheck failed: the lock was taken.
    await assert.rejects(() =>
      lock().tryWith(key, async () => 'never', { recheck: 'select * from no_such_table' })
    )
    assert.isTrue(await free())
  })

  test('a connection whose unlock fails is ended, not given back to the pool', async ({
    assert,
  }) => {
    let pid = 0
    await lock().tryWith(key, async (client) => {
      const row = await client.query<{ pid: number }>('select pg_backend_pid() as pid')
      pid = row.rows[0].pid
      // Released behind the lock's back: its own unlock then finds nothing to release.
      await client.query('select pg_advisory_unlock($1, $2)', [NAMESPACE, key])
    })
    for (let attempt = 0; attempt < 50; attempt++) {
      const found = await other.query('select 1 from pg_stat_activity where pid = $1', [pid])
      if (found.rowCount === 0) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const found = await other.query('select 1 from pg_stat_activity where pid = $1', [pid])
    assert.equal(found.rowCount, 0, 'its backend is gone')
    // The pool opens a new connection for the next query.
    await db.connection('landlord').rawQuery('select 1')
  })
})
