import { test } from '@japa/runner'
import type { Database } from '@adonisjs/lucid/database'
import { TenantConnectionManager, type ConnectionManagerOptions } from '#tenancy/connection_manager'
import { TenantConnectionLimitException } from '#tenancy/exceptions'
import { TenancyManager } from '#tenancy/tenancy_manager'
import type { TenantIdentity } from '#tenancy/tenant_context'
import { sleep } from '#tests/helpers/tenancy'

/**
 * A stand-in for Lucid's connection registry (db.manager): the connection
 * manager only registers and releases named connections. A release can be
 * held open to simulate a pool that takes a while to close.
 */
class FakeRegistry {
  registered = new Map<string, unknown>()
  added: string[] = []
  released: string[] = []
  /** Highest number of connections registered at once. */
  peak = 0
  #gates = new Map<string, () => void>()
  holdReleases = false
  releaseDelayMs = 0
  /** The next release rejects (after unregistering, like a pool whose destroy fails). */
  failNextRelease = false

  has(name: string) {
    return this.registered.has(name)
  }

  /** The PostgreSQL version knex reports on a registered connection (as db.manager.get gives it). */
  serverVersion?: string

  get(name: string) {
    if (!this.registered.has(name)) return undefined
    return { connection: { client: { client: { version: this.serverVersion } } } }
  }

  add(name: string, config: unknown) {
    this.registered.set(name, config)
    this.added.push(name)
    this.peak = Math.max(this.peak, this.registered.size)
  }

  async release(name: string) {
    if (this.holdReleases) {
      await new Promise<void>((resolve) => this.#gates.set(name, resolve))
    } else if (this.releaseDelayMs) {
      await sleep(this.releaseDelayMs)
    }
    this.registered.delete(name)
    this.released.push(name)
    if (this.failNextRelease) {
      this.failNextRelease = false
      throw new Error(`pool of ${name} failed to close`)
    }
  }

  /** Lets a held release of `name` finish. */
  finishRelease(name: string) {
    const gate = this.#gates.get(name)
    this.#gates.delete(name)
    gate?.()
  }

  pendingReleases() {
    return [...this.#gates.keys()]
  }
}

function setup(options: Partial<ConnectionManagerOptions> = {}) {
  const registry = new FakeRegistry()
  const database = {
    manager: registry,
    connection: (name: string) => ({ connectionName: name }),
  } as unknown as Database
  const errors: string[] = []
  const manager = new TenantConnectionManager(database, {
    maxConnections: 2,
    adminConnections: 2,
    idleTimeoutMs: 1000,
    acquireTimeoutMs: 1000,
    adminAcquireTimeoutMs: 1000,
    applicationName: 'sangathan',
    defaultServer: { host: '127.0.0.1', port: 5432, user: 'postgres', password: 'secret' },
    onError: (error, message) => errors.push(`${message}: ${(error as Error).message}`),
    ...options,
  })
  return { registry, manager, database, errors }
}

const tenant = (id: number, extra: Partial<TenantIdentity> = {}): TenantIdentity => ({
  id,
  slug: `t${id}`,
  dbHost: null,
  dbPort: null,
  dbName: `db_${id}`,
  ...extra,
})

/** Lets pending promise callbacks run. */
const flush = () => sleep(0)

test.group('TenantConnectionManager', () => {
  test('opens connections lazily, one per concurrent user, and reuses an idle one', async ({
    assert,
  }) => {
    const { registry, manager } = setup()
    assert.deepEqual(registry.added, [])

    const first = await manager.acquire(tenant(1))
    const second = await manager.acquire(tenant(1))
    assert.notEqual(first, second, 'a connection is leased to one user at a time')
    assert.deepEqual(registry.added, [first, second])
    assert.deepInclude(manager.stats(), { open: 2, inUse: 2, waiting: 0 })

    manager.release(first)
    assert.equal(manager.stats().inUse, 1)
    assert.equal(await manager.acquire(tenant(1)), first, 'the idle connection is reused')
    assert.lengthOf(registry.added, 2)
    assert.deepEqual(registry.released, [], 'an idle connection stays open for reuse')
  })

  test('connection config: the tenant row decides the server, one connection per pool, named', ({
    assert,
  }) => {
    const { manager } = setup()
    const config = manager.connectionConfig(tenant(1, { dbHost: 'db2.internal', dbPort: 6543 }))
    assert.deepInclude(config.connection as object, {
      host: 'db2.internal',
      port: 6543,
      user: 'postgres',
      password: 'secret',
      database: 'db_1',
      application_name: `sangathan:tenant:${process.pid}`,
    })
    assert.equal(config.pool?.max, 1)
    assert.equal(config.pool?.min, 0)
    assert.deepInclude(manager.connectionConfig(tenant(1), 'x').connection as object, {
      application_name: 'x',
    })
    assert.deepInclude(manager.serverFor(tenant(2)), { host: '127.0.0.1', port: 5432 })
    assert.throws(() => manager.connectionConfig(tenant(3, { dbName: null })), /no database yet/)
  })

  test('at the budget, the least recently used idle connection is closed to make room', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 2 })
    const one = await manager.acquire(tenant(1))
    manager.release(one)
    await sleep(2)
    const two = await manager.acquire(tenant(2))
    manager.release(two)
    await sleep(2)

    const three = await manager.acquire(tenant(3))
    assert.deepEqual(registry.released, [one])
    manager.release(three)
    await sleep(2)

    // Touch 2 again: now 3 is the least recently used.
    manager.release(await manager.acquire(tenant(2)))
    await sleep(2)
    const four = await manager.acquire(tenant(4))
    assert.deepEqual(registry.released, [one, three])
    assert.sameMembers([...registry.registered.keys()], [two, four])
    assert.equal(registry.peak, 2)
    assert.equal(manager.stats().peakOpen, 2)
  })

  test('when every connection is in use, work waits in FIFO order and nothing busy is closed', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 2 })
    const one = await manager.acquire(tenant(1))
    const two = await manager.acquire(tenant(2))

    const order: number[] = []
    const waiting = [3, 4, 1, 5].map((id) =>
      manager.acquire(tenant(id)).then((name) => {
        order.push(id)
        return name
      })
    )
    await sleep(20)
    assert.deepEqual(order, [])
    assert.equal(manager.stats().waiting, 4)
    assert.deepEqual(registry.released, [], 'connections in use are never closed')

    manager.release(one)
    const three = await waiting[0]
    assert.deepEqual(order, [3])
    assert.deepEqual(registry.released, [one])

    manager.release(two)
    manager.release(three)
    const [four, again] = await Promise.all([waiting[1], waiting[2]])
    await flush()
    // Tenant 1 came before 5: it gets its turn first even though 5 arrived later.
    assert.deepEqual(order, [3, 4, 1])
    manager.release(four)
    assert.isString(await waiting[3])
    assert.deepEqual(order, [3, 4, 1, 5])
    manager.release(again)
    assert.isAtMost(registry.peak, 2)
    assert.deepInclude(manager.stats(), { waiting: 0, peakOpen: 2 })
  })

  test('a wait that outlasts acquireTimeoutMs fails with E_TENANT_CONNECTION_LIMIT (503)', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 1, acquireTimeoutMs: 60 })
    await manager.acquire(tenant(1))

    const startedAt = performance.now()
    const error = await manager.acquire(tenant(2)).catch((reason) => reason)
    assert.isAtLeast(performance.now() - startedAt, 50)
    assert.instanceOf(error, TenantConnectionLimitException)
    assert.equal(error.code, 'E_TENANT_CONNECTION_LIMIT')
    assert.equal(error.status, 503)
    assert.match(error.message, /All 1 tenant database connections stayed busy for 60 ms/)
    assert.deepEqual(registry.released, [])
    assert.deepInclude(manager.stats(), { open: 1, waiting: 0 })
  })

  test('a burst over many tenants never registers more connections than the budget', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 3, acquireTimeoutMs: 5000 })
    registry.releaseDelayMs = 3
    let concurrent = 0
    let maxConcurrent = 0

    const results = await Promise.all(
      Array.from({ length: 60 }, async (_, index) => {
        const name = await manager.acquire(tenant((index % 10) + 1))
        maxConcurrent = Math.max(maxConcurrent, ++concurrent)
        await sleep(1 + (index % 4))
        concurrent--
        manager.release(name)
        return name
      })
    )

    assert.lengthOf(results, 60)
    assert.equal(registry.peak, 3, 'the budget is used, and never exceeded')
    assert.isAtMost(manager.stats().peakOpen, 3)
    assert.equal(maxConcurrent, 3)
    assert.deepInclude(manager.stats(), { inUse: 0, waiting: 0 })
  })

  test('a connection still closing counts against the budget until it has ended', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 2 })
    const one = await manager.acquire(tenant(1))
    manager.release(one)
    await sleep(2)
    manager.release(await manager.acquire(tenant(2)))
    registry.holdReleases = true

    // Needs room: tenant 1's connection (least recently used) starts closing.
    let gotThree: string | undefined
    const forThree = manager.acquire(tenant(3)).then((name) => (gotThree = name))
    await flush()
    assert.deepEqual(registry.pendingReleases(), [one])
    assert.isUndefined(gotThree, 'no new connection while the old one is still open')
    assert.equal(manager.stats().open, 2)

    // Tenant 1 comes back while its old pool is closing: it gets a new connection, in turn.
    const forOne = manager.acquire(tenant(1))
    await flush()
    assert.equal(registry.registered.size, 2)
    registry.finishRelease(one)
    await forThree
    await flush()
    registry.holdReleases = false
    for (const pending of registry.pendingReleases()) registry.finishRelease(pending)

    const names = [gotThree!, await forOne]
    assert.notInclude(names, one)
    for (const name of names) {
      assert.isTrue(registry.has(name), `${name} is registered with Lucid while in use`)
    }
    assert.equal(registry.peak, 2)
  })

  test('closeIdle racing an acquire never closes the acquired connection', async ({ assert }) => {
    const { registry, manager } = setup({ maxConnections: 3, idleTimeoutMs: 1000 })
    const one = await manager.acquire(tenant(1))
    const two = await manager.acquire(tenant(2))
    manager.release(one)
    manager.release(two)
    registry.releaseDelayMs = 20

    // The sweep finds both expired; while it closes the first, tenant 2 is acquired.
    const sweep = manager.closeIdle(Date.now() + 5000)
    await flush()
    const acquired = await manager.acquire(tenant(2))
    await sweep
    await sleep(30)

    assert.isTrue(registry.has(acquired), 'the acquired connection is open')
    assert.notInclude(registry.released, acquired, 'and was never closed under its user')
    assert.equal(manager.stats().inUse, 1)
    assert.isAtMost(registry.peak, 3)
  })

  test('closeIdle closes only connections idle for longer than the idle timeout', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 3, idleTimeoutMs: 1000 })
    const one = await manager.acquire(tenant(1))
    manager.release(one)
    const two = await manager.acquire(tenant(2))

    assert.equal(await manager.closeIdle(Date.now() + 10), 0)
    assert.equal(await manager.closeIdle(Date.now() + 5000), 1)
    assert.deepEqual(registry.released, [one])
    assert.isTrue(registry.has(two), 'in use: never closed, however old')
  })

  test('a pool that fails to close still frees its slot, and the failure is reported, not thrown', async ({
    assert,
  }) => {
    const { registry, manager, errors } = setup({ maxConnections: 1, acquireTimeoutMs: 300 })
    const one = await manager.acquire(tenant(1))
    manager.release(one)

    // Making room for tenant 2 closes tenant 1's pool, which rejects once.
    registry.failNextRelease = true
    const two = await manager.acquire(tenant(2))
    assert.isTrue(registry.has(two))
    assert.deepInclude(manager.stats(), { open: 1, inUse: 1 })
    assert.lengthOf(errors, 1)
    assert.match(errors[0], new RegExp(`Closing tenant connection ${one} failed: pool of`))

    // The same through the sweep: it resolves, the slot is free for tenant 3 at once.
    manager.release(two)
    registry.failNextRelease = true
    assert.equal(await manager.closeIdle(Date.now() + 5000), 1)
    assert.equal(manager.stats().open, 0)
    const three = await manager.acquire(tenant(3))
    assert.isTrue(registry.has(three))
    assert.lengthOf(errors, 2)
  })

  test('the idle sweep never rejects unhandled when closing fails', async ({ assert }) => {
    const { registry, manager, errors } = setup({ idleTimeoutMs: 1 })
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    const intervals = captureIntervals()
    try {
      manager.release(await manager.acquire(tenant(1)))
      registry.failNextRelease = true
      manager.startIdleSweep()
      // One tick of the sweep, a moment after the lane expired.
      await sleep(5)
      intervals.made[0].callback()
      await sleep(10)
      assert.deepEqual(unhandled, [])
      assert.lengthOf(errors, 1)
      assert.equal(manager.stats().open, 0)
    } finally {
      intervals.restore()
      process.off('unhandledRejection', onUnhandled)
      await manager.closeAll()
    }
  })

  test('a tenant whose connection Lucid already dropped gets a working one on the next acquire', async ({
    assert,
  }) => {
    const { registry, manager } = setup()
    const one = await manager.acquire(tenant(1))
    manager.release(one)
    registry.registered.delete(one)

    assert.isTrue(await manager.closeTenant(1))
    const again = await manager.acquire(tenant(1))
    assert.isTrue(registry.has(again))
  })

  test('a tenant moved to another database gets a new connection, never its old one', async ({
    assert,
  }) => {
    const { manager } = setup()
    const old = await manager.acquire(tenant(1))
    manager.release(old)
    const moved = await manager.acquire(tenant(1, { dbName: 'db_1_moved' }))
    assert.notEqual(moved, old)
  })

  test('closeTenant waits for the current user; one still busy at the deadline is closed only on release', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ acquireTimeoutMs: 80 })
    const name = await manager.acquire(tenant(1))

    let result: boolean | undefined
    const closing = manager.closeTenant(1).then((closed) => (result = closed))
    await sleep(30)
    assert.isUndefined(result)
    assert.deepEqual(registry.released, [])

    await closing
    assert.isFalse(result, 'it gave up waiting')
    assert.deepEqual(registry.released, [], 'and did not close the connection under its user')
    assert.isTrue(registry.has(name))

    manager.release(name)
    await sleep(5)
    assert.deepEqual(registry.released, [name], 'closed once its user is done')
    assert.equal(manager.stats().open, 0)

    const again = await manager.acquire(tenant(1))
    const waiting = manager.closeTenant(1)
    await sleep(10)
    manager.release(again)
    assert.isTrue(await waiting)
    assert.equal(await manager.closeTenant(99), true, 'unknown tenant: nothing to do')
    await manager.closeAll()
  })

  test('tenancy.run gives the lease back even when the work throws', async ({ assert }) => {
    const { manager, database } = setup()
    const tenancy = new TenancyManager(database, manager)

    const inside = await tenancy.run(tenant(1), () => ({
      current: tenancy.current()?.id,
      connection: (tenancy.db() as unknown as { connectionName: string }).connectionName,
    }))
    assert.equal(inside.current, 1)
    assert.match(inside.connection, /^tenant_1_\d+$/)

    await assert.rejects(
      () =>
        tenancy.run(tenant(2), async () => {
          throw new Error('boom')
        }),
      'boom'
    )
    assert.deepInclude(manager.stats(), { inUse: 0, open: 2 })
    assert.isUndefined(tenancy.current())
  })

  test('nested tenancy.run for the same tenant shares the lease (no deadlock on a full budget)', async ({
    assert,
  }) => {
    const { manager, database } = setup({ maxConnections: 1, acquireTimeoutMs: 100 })
    const tenancy = new TenancyManager(database, manager)
    const names = await tenancy.run(tenant(1), async () => {
      const outer = (tenancy.db() as unknown as { connectionName: string }).connectionName
      const inner = await tenancy.run(tenant(1), async () => {
        return (tenancy.db() as unknown as { connectionName: string }).connectionName
      })
      return { outer, inner, inUse: manager.stats().inUse }
    })
    assert.equal(names.inner, names.outer)
    assert.equal(names.inUse, 1)
    assert.deepInclude(manager.stats(), { inUse: 0, open: 1 })
  })
})

/**
 * Replaces setInterval/clearInterval while a test runs, recording each interval
 * (delay, callback, unref, cleared) so a sweep can be ticked by hand.
 */
function captureIntervals() {
  const real = { setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval }
  const made: { callback: () => void; every: number; unrefd: boolean; cleared: boolean }[] = []
  globalThis.setInterval = ((callback: () => void, every: number) => {
    const entry = { callback, every, unrefd: false, cleared: false }
    made.push(entry)
    return {
      entry,
      unref() {
        entry.unrefd = true
        return this
      },
    }
  }) as unknown as typeof setInterval
  globalThis.clearInterval = ((handle: { entry?: { cleared: boolean } } | undefined) => {
    if (handle?.entry) handle.entry.cleared = true
    else real.clearInterval(handle as NodeJS.Timeout)
  }) as typeof clearInterval
  return {
    made,
    restore() {
      globalThis.setInterval = real.setInterval
      globalThis.clearInterval = real.clearInterval
    },
  }
}

/** Runs `work` with Date.now() frozen at `at` (lane timestamps become exact). */
async function at<T>(time: number, work: () => Promise<T> | T): Promise<T> {
  const realNow = Date.now
  Date.now = () => time
  try {
    return await work()
  } finally {
    Date.now = realNow
  }
}

test.group('TenantConnectionManager: budget, eviction, sweep and waiters', () => {
  test('the budget must be a positive whole number', ({ assert }) => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      assert.throws(
        () => setup({ maxConnections: bad }),
        `TENANT_DB_MAX_CONNECTIONS must be at least 1 (${bad})`
      )
    }
    assert.equal(setup({ maxConnections: 1 }).manager.stats().maxConnections, 1)
  })

  test('maintenance connections are named after the app and this process', ({ assert }) => {
    const { manager } = setup({ applicationName: 'sangathan-x' })
    assert.equal(manager.admin.options.applicationName, `sangathan-x:admin:${process.pid}`)
    assert.equal(manager.admin.options.size, 2)
    assert.equal(manager.admin.options.acquireTimeoutMs, 1000)
  })

  test('a lane is a pg connection with a pool of one that only the manager closes', ({
    assert,
  }) => {
    const { manager } = setup()
    const config = manager.connectionConfig(tenant(1))
    assert.equal(config.client, 'pg')
    assert.deepEqual(config.pool, { min: 0, max: 1, idleTimeoutMillis: 86_400_000 })
    assert.deepEqual(config.schemaGeneration, { enabled: false })
  })

  test("a tenant's own role is used; one that cannot be decrypted is refused, naming the fix", async ({
    assert,
  }) => {
    const warnings: string[] = []
    const { manager } = setup({ warn: (message) => warnings.push(message) })
    const own = manager.connectionConfig(tenant(1, { dbUser: 'role_t1', dbPassword: 'pw' }))
    assert.deepInclude(own.connection as object, { user: 'role_t1', password: 'pw' })
    assert.deepEqual(warnings, [])

    assert.throws(
      () => manager.connectionConfig(tenant(2, { dbUser: 'role_t2', dbPassword: null })),
      'Tenant "t2": the password of role role_t2 cannot be decrypted (was APP_KEY changed?); ' +
        'node ace tenant:secure t2 sets a new one'
    )
    // The same through acquire: the waiter is refused, the queue behind it goes on.
    const refused = await manager
      .acquire(tenant(2, { dbUser: 'role_t2', dbPassword: null }))
      .catch((error) => error)
    assert.match(refused.message, /cannot be decrypted/)
    assert.deepInclude(manager.stats(), { open: 0, waiting: 0 })
  })

  test('a tenant without a role of its own is reached as the landlord, with one warning per tenant', ({
    assert,
  }) => {
    const warnings: string[] = []
    const { manager } = setup({ warn: (message) => warnings.push(message) })
    const config = manager.connectionConfig(tenant(1))
    assert.deepInclude(config.connection as object, { user: 'postgres', password: 'secret' })
    manager.connectionConfig(tenant(1))
    manager.connectionConfig(tenant(2))
    assert.deepEqual(warnings, [
      `Tenant "t1" has no database role of its own and is reached with the landlord's ` +
        `credentials: run node ace tenant:secure t1`,
      `Tenant "t2" has no database role of its own and is reached with the landlord's ` +
        `credentials: run node ace tenant:secure t2`,
    ])
  })

  test('a tenant without a database is refused at acquire', async ({ assert }) => {
    const { manager, registry } = setup()
    const error = await manager.acquire(tenant(7, { dbName: null })).catch((reason) => reason)
    assert.equal(error.message, 'Tenant "t7" has no database yet')
    assert.deepEqual(registry.added, [])
  })

  test('a refused waiter at the head does not block the ones behind it', async ({ assert }) => {
    const { manager } = setup({ maxConnections: 1 })
    const first = await manager.acquire(tenant(1))
    const bad = manager.acquire(tenant(2, { dbUser: 'role_t2', dbPassword: null }))
    const good = manager.acquire(tenant(3))
    assert.equal(manager.stats().waiting, 2)
    manager.release(first)
    await assert.rejects(() => bad, /cannot be decrypted/)
    assert.match(await good, /^tenant_3_\d+$/)
    assert.deepInclude(manager.stats(), { waiting: 0, inUse: 1 })
  })

  test('only as many idle lanes are closed as waiters need', async ({ assert }) => {
    const { registry, manager } = setup({ maxConnections: 3 })
    const one = await manager.acquire(tenant(1))
    const two = await manager.acquire(tenant(2))
    await manager.acquire(tenant(3))
    manager.release(one)
    manager.release(two)

    const four = await manager.acquire(tenant(4))
    await flush()
    assert.deepEqual(registry.released, [one], 'one waiter: one lane closed')
    assert.isTrue(registry.has(two), 'the other idle lane stays open for reuse')
    assert.isTrue(registry.has(four))
    assert.deepInclude(manager.stats(), { open: 3, inUse: 2 })
  })

  test("a waiter whose tenant has an idle lane takes it at once, never closing it for the queue's head", async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 3 })
    await manager.acquire(tenant(1))
    const three = await manager.acquire(tenant(3))
    const two = await manager.acquire(tenant(2))
    manager.release(three)
    await sleep(2)
    manager.release(two)
    registry.holdReleases = true

    // Tenant 4 needs a slot: the least recently used idle lane (3's) starts closing for it.
    const four = manager.acquire(tenant(4))
    await flush()
    assert.deepEqual(registry.pendingReleases(), [three])
    // Tenant 2 arrives while 4 waits: its own idle lane serves it, and is not closed as well.
    assert.equal(await manager.acquire(tenant(2)), two)
    assert.deepEqual(registry.pendingReleases(), [three])

    registry.finishRelease(three)
    assert.match(await four, /^tenant_4_\d+$/)
    assert.isTrue(registry.has(two))
    assert.deepInclude(manager.stats(), { open: 3, inUse: 3, waiting: 0 })
  })

  test('a waiter with an idle lane does not pass a waiter that needs that lane closed', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 2 })
    const one = await manager.acquire(tenant(1))
    const two = await manager.acquire(tenant(2))
    registry.holdReleases = true
    const three = manager.acquire(tenant(3))
    const again = manager.acquire(tenant(1))
    const order: number[] = []
    void three.then(() => order.push(3))
    void again.then(() => order.push(1))
    manager.release(one)
    await flush()
    // The only idle lane is 1's: tenant 3, first in line, needs it closed.
    assert.deepEqual(registry.pendingReleases(), [one])
    registry.finishRelease(one)
    await three
    await flush()
    assert.deepEqual(order, [3])
    manager.release(two)
    await flush()
    registry.finishRelease(two)
    await again
    assert.deepEqual(order, [3, 1])
  })

  test("with the budget full, a tenant whose lane is busy waits for it instead of closing another tenant's", async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 2, shareWaitMs: 1000 })
    const one = await manager.acquire(tenant(1))
    const two = await manager.acquire(tenant(2))
    manager.release(two)
    const again = manager.acquire(tenant(1))
    await sleep(20)
    // Tenant 2's idle lane stays open: tenant 1 waits for its own.
    assert.deepEqual(registry.released, [])
    assert.deepInclude(manager.stats(), { open: 2, inUse: 1, waiting: 1 })
    manager.release(one)
    assert.equal(await again, one)
    assert.deepEqual(registry.released, [])
    assert.isTrue(registry.has(two))
  })

  test('a tenant waits for its own busy lane only shareWaitMs, then gets one of its own', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 2, shareWaitMs: 30 })
    const one = await manager.acquire(tenant(1))
    const two = await manager.acquire(tenant(2))
    manager.release(two)
    const started = Date.now()
    const second = await manager.acquire(tenant(1))
    assert.isAtLeast(Date.now() - started, 25)
    assert.notEqual(second, one)
    assert.match(second, /^tenant_1_\d+$/)
    assert.deepEqual(registry.released, [two])
    manager.release(one)
    manager.release(second)
  })

  test("a tenant's patience ends when its timer fires, even with the wall clock held back", async ({
    assert,
    cleanup,
  }) => {
    const { registry, manager } = setup({ maxConnections: 2, shareWaitMs: 30 })
    const one = await manager.acquire(tenant(1))
    const two = await manager.acquire(tenant(2))
    manager.release(two)
    // The clock stands still (a timer firing early, or the clock set back): only the
    // patience timer can end the wait before the acquire timeout (1 s here).
    const realNow = Date.now
    const frozen = realNow()
    Date.now = () => frozen
    cleanup(() => {
      Date.now = realNow
    })
    const second = manager.acquire(tenant(1))
    const outcome = await Promise.race([
      second.then((name) => ({ name })),
      sleep(500).then(() => ({ name: 'still waiting' })),
    ])
    Date.now = realNow
    assert.match(outcome.name, /^tenant_1_\d+$/)
    assert.deepEqual(registry.released, [two])
    manager.release(one)
    manager.release(await second)
  })

  test('with room in the budget, a second lane for a busy tenant opens at once', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 3, shareWaitMs: 60_000 })
    const one = await manager.acquire(tenant(1))
    const started = Date.now()
    const second = await manager.acquire(tenant(1))
    assert.isBelow(Date.now() - started, 1000)
    assert.notEqual(second, one)
    assert.deepEqual(registry.released, [])
    manager.release(one)
    manager.release(second)
  })

  test('a waiter served while patient leaves no timer behind', async ({ assert }) => {
    const { manager } = setup({ maxConnections: 1, acquireTimeoutMs: 60_000, shareWaitMs: 60_000 })
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout')
    const one = await manager.acquire(tenant(1))
    const before = timers().length
    const again = manager.acquire(tenant(1))
    assert.lengthOf(timers(), before + 2, 'a wait timer and a patience timer')
    manager.release(one)
    assert.equal(await again, one)
    assert.lengthOf(timers(), before, 'both cleared')
    manager.release(one)
  })

  test("to make room, a tenant's spare lane is closed before another tenant's only one", async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 3, shareWaitMs: 0 })
    const only = await manager.acquire(tenant(2))
    manager.release(only)
    await sleep(2)
    const first = await manager.acquire(tenant(1))
    // Tenant 1's lane is busy and there is room: a second one opens.
    const spare = await manager.acquire(tenant(1))
    manager.release(spare)
    await sleep(2)
    // Tenant 2's only lane is the least recently used, yet tenant 1's spare goes.
    const third = await manager.acquire(tenant(3))
    assert.deepEqual(registry.released, [spare])
    assert.isTrue(registry.has(only))
    manager.release(first)
    manager.release(third)
  })

  test("a lane to a server whose version is known skips knex's version query", async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 3 })
    const versionOf = (name: string) =>
      (registry.registered.get(name) as { version?: string }).version
    const first = await manager.acquire(tenant(1))
    assert.isUndefined(versionOf(first))
    registry.serverVersion = '15.20'
    manager.release(first)
    const second = await manager.acquire(tenant(2))
    assert.equal(versionOf(second), '15.20')
    // Another server is not assumed to run the same version.
    const elsewhere = await manager.acquire(tenant(3, { dbHost: '10.0.0.9' }))
    assert.isUndefined(versionOf(elsewhere))
    manager.release(second)
    manager.release(elsewhere)
  })

  test('a waiter that times out leaves the others queued, in order', async ({ assert }) => {
    const { manager } = setup({ maxConnections: 1, acquireTimeoutMs: 80 })
    const held = await manager.acquire(tenant(1))
    const early = manager.acquire(tenant(2)).catch((error) => error)
    await sleep(40)
    const late = manager.acquire(tenant(3))
    assert.equal(manager.stats().waiting, 2)

    const timedOut = await early
    assert.instanceOf(timedOut, TenantConnectionLimitException)
    assert.equal(
      timedOut.message,
      'All 1 tenant database connections stayed busy for 80 ms; try again shortly'
    )
    assert.equal(manager.stats().waiting, 1, 'the late waiter is still in the queue')
    manager.release(held)
    assert.match(await late, /^tenant_3_\d+$/)
    assert.equal(manager.stats().waiting, 0)
  })

  test('a waiter served at once leaves no timer behind', async ({ assert }) => {
    const { manager } = setup({ acquireTimeoutMs: 60_000 })
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout')
    const before = timers().length
    const name = await manager.acquire(tenant(1))
    assert.lengthOf(timers(), before)
    manager.release(name)
  })

  test('releasing twice, or a name the manager never gave out, changes nothing', async ({
    assert,
  }) => {
    const { registry, manager } = setup()
    const name = await manager.acquire(tenant(1))
    manager.release(name)
    manager.release(name)
    manager.release('tenant_99_1')
    assert.deepInclude(manager.stats(), { open: 1, inUse: 0 })
    assert.equal(await manager.acquire(tenant(1)), name)
    assert.deepEqual(registry.released, [])
  })

  test('closeIdle: a lane idle exactly idleTimeoutMs is closed, one a millisecond younger is not', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxConnections: 3, idleTimeoutMs: 1000 })
    const name = await manager.acquire(tenant(1))
    await at(50_000, () => manager.release(name))

    assert.equal(await manager.closeIdle(50_999), 0)
    assert.deepEqual(registry.released, [])
    assert.equal(await manager.closeIdle(51_000), 1)
    assert.deepEqual(registry.released, [name])
    assert.equal(await manager.closeIdle(99_000), 0, 'nothing left to close')
  })

  test('two sweeps at once close a lane once and count it once', async ({ assert }) => {
    const { registry, manager } = setup({ maxConnections: 3 })
    const name = await manager.acquire(tenant(1))
    manager.release(name)
    registry.holdReleases = true

    const sweeps = [manager.closeIdle(Date.now() + 5000), manager.closeIdle(Date.now() + 5000)]
    await flush()
    assert.equal(manager.stats().open, 1, 'closing: still counted')
    registry.finishRelease(name)
    assert.deepEqual(await Promise.all(sweeps), [1, 0])
    assert.deepEqual(registry.released, [name])
    assert.deepInclude(manager.stats(), { open: 0, inUse: 0 })
  })

  test('closeTenant closes only that tenant’s lanes', async ({ assert }) => {
    const { registry, manager } = setup({ maxConnections: 3 })
    const one = await manager.acquire(tenant(1))
    const two = await manager.acquire(tenant(2))
    manager.release(one)
    manager.release(two)
    assert.isTrue(await manager.closeTenant(1))
    assert.deepEqual(registry.released, [one])
    assert.isTrue(registry.has(two))
    assert.equal(manager.stats().open, 1)
  })

  test("the idle sweep: one unref'd timer every max(1 s, idleTimeoutMs / 2), stopped by closeAll", async ({
    assert,
  }) => {
    const intervals = captureIntervals()
    try {
      for (const [idleTimeoutMs, every] of [
        [1000, 1000],
        [1999, 1000],
        [3001, 1500],
      ]) {
        const { manager } = setup({ idleTimeoutMs })
        manager.startIdleSweep()
        assert.equal(intervals.made.at(-1)!.every, every, `idle ${idleTimeoutMs} ms`)
        await manager.closeAll()
      }

      const { registry, manager } = setup({ maxConnections: 3, idleTimeoutMs: 1000 })
      const name = await manager.acquire(tenant(1))
      await at(10_000, () => manager.release(name))
      const before = intervals.made.length
      manager.startIdleSweep()
      manager.startIdleSweep()
      assert.equal(intervals.made.length, before + 1, 'started once')
      const sweep = intervals.made.at(-1)!
      assert.isTrue(sweep.unrefd, 'the sweep never keeps the process alive')

      // A tick closes what has been idle for idleTimeoutMs.
      await at(10_999, () => sweep.callback())
      await flush()
      assert.deepEqual(registry.released, [])
      await at(11_000, () => sweep.callback())
      await flush()
      assert.deepEqual(registry.released, [name])

      await manager.closeAll()
      assert.isTrue(sweep.cleared, 'closeAll stops the sweep')
      manager.startIdleSweep()
      assert.equal(intervals.made.length, before + 2, 'and it can be started again')
      await manager.closeAll()
    } finally {
      intervals.restore()
    }
  })

  test('closeAll closes idle lanes now and busy ones when they are released', async ({
    assert,
  }) => {
    const { registry, manager } = setup()
    const idle = await manager.acquire(tenant(1))
    const busy = await manager.acquire(tenant(2))
    manager.release(idle)
    await manager.closeAll()
    assert.deepEqual(registry.released, [idle])
    assert.isTrue(registry.has(busy))
    manager.release(busy)
    await flush()
    assert.deepEqual(registry.released, [idle, busy])
    assert.equal(manager.stats().open, 0)
  })

  test('stats and resetPeak count lanes still closing', async ({ assert }) => {
    const { registry, manager } = setup({ maxConnections: 3 })
    const names = [
      await manager.acquire(tenant(1)),
      await manager.acquire(tenant(2)),
      await manager.acquire(tenant(3)),
    ]
    assert.deepEqual(manager.stats(), {
      open: 3,
      inUse: 3,
      waiting: 0,
      peakOpen: 3,
      maxConnections: 3,
    })
    for (const name of names) manager.release(name)
    registry.holdReleases = true
    const closing = manager.closeTenant(1)
    await flush()
    void manager.closeTenant(2)
    await flush()
    manager.resetPeak()
    assert.deepInclude(manager.stats(), { open: 3, peakOpen: 3, inUse: 0 })
    registry.finishRelease(names[0])
    await closing
    manager.resetPeak()
    assert.deepInclude(manager.stats(), { open: 2, peakOpen: 2 })
    registry.holdReleases = false
    registry.finishRelease(names[1])
    await flush()
    manager.resetPeak()
    assert.deepInclude(manager.stats(), { open: 1, peakOpen: 1 })
  })

  test('a reporter that throws does not turn a failed close into an unhandled rejection', async ({
    assert,
  }) => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const { registry, manager } = setup({
        maxConnections: 1,
        onError: () => {
          throw new Error('reporter down')
        },
      })
      manager.release(await manager.acquire(tenant(1)))
      registry.failNextRelease = true
      // Making room for tenant 2 closes tenant 1's lane (nobody awaits that close).
      const two = await manager.acquire(tenant(2))
      await sleep(10)
      assert.isTrue(registry.has(two))
      assert.deepEqual(unhandled, [])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  test('a waiter served or refused after waiting leaves no timer behind', async ({ assert }) => {
    const { manager } = setup({ maxConnections: 1, acquireTimeoutMs: 60_000 })
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout')
    const held = await manager.acquire(tenant(1))
    const refused = manager
      .acquire(tenant(2, { dbUser: 'role_t2', dbPassword: null }))
      .catch((error) => error)
    const served = manager.acquire(tenant(3))
    const waiting = timers().length
    // Only promise callbacks run from here on (the fake registry closes without timers).
    manager.release(held)
    const refusal = await refused
    assert.match(refusal.message, /cannot be decrypted/)
    assert.match(await served, /^tenant_3_\d+$/)
    assert.lengthOf(timers(), waiting - 2, 'both wait timers were cleared')
  })

  test('two tenants naming the same database never share a lane (each lane carries its role)', async ({
    assert,
  }) => {
    const { registry, manager } = setup()
    const first = tenant(1, { dbName: 'shared', dbUser: 'role_1', dbPassword: 'a' })
    const second = tenant(2, { dbName: 'shared', dbUser: 'role_2', dbPassword: 'b' })
    const one = await manager.acquire(first)
    manager.release(one)
    const two = await manager.acquire(second)
    assert.notEqual(two, one)
    assert.deepInclude((registry.registered.get(two) as any).connection, { user: 'role_2' })
  })

  test('a tenant without a database is refused at once, even when every connection is busy', async ({
    assert,
  }) => {
    const { manager } = setup({ maxConnections: 1, acquireTimeoutMs: 60_000 })
    await manager.acquire(tenant(1))
    const error = await manager.acquire(tenant(7, { dbName: null })).catch((reason) => reason)
    assert.equal(error.message, 'Tenant "t7" has no database yet')
    assert.equal(manager.stats().waiting, 0, 'it never queued')
  })

  test('the peak counts lanes still closing when a new one opens', async ({ assert }) => {
    const { registry, manager } = setup({ maxConnections: 3 })
    manager.release(await manager.acquire(tenant(1)))
    manager.release(await manager.acquire(tenant(2)))
    assert.equal(manager.stats().peakOpen, 2)
    registry.holdReleases = true
    const closing = manager.closeTenant(1)
    await flush()
    // Tenant 1's lane is still closing: opening one for tenant 3 makes three at once.
    await manager.acquire(tenant(3))
    assert.deepInclude(manager.stats(), { open: 3, peakOpen: 3 })
    registry.holdReleases = false
    for (const name of registry.pendingReleases()) registry.finishRelease(name)
    assert.isTrue(await closing)
  })
})
