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
    try {
      manager.release(await manager.acquire(tenant(1)))
      registry.failNextRelease = true
      manager.startIdleSweep()
      await sleep(1200)
      assert.deepEqual(unhandled, [])
      assert.lengthOf(errors, 1)
      assert.equal(manager.stats().open, 0)
    } finally {
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
