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
  const manager = new TenantConnectionManager(database, {
    maxOpen: 2,
    poolMax: 2,
    idleTimeoutMs: 1000,
    acquireTimeoutMs: 1000,
    defaultServer: { host: '127.0.0.1', port: 5432, user: 'postgres', password: 'secret' },
    ...options,
  })
  return { registry, manager, database }
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
  test('opens a connection lazily and shares it between users of one tenant', async ({
    assert,
  }) => {
    const { registry, manager } = setup()
    assert.deepEqual(registry.added, [])

    const first = await manager.acquire(tenant(1))
    const second = await manager.acquire(tenant(1))
    assert.equal(first, 'tenant_1')
    assert.equal(second, 'tenant_1')
    assert.deepEqual(registry.added, ['tenant_1'])
    assert.deepInclude(manager.stats(), { open: 1, inUse: 1, waiting: 0 })

    manager.release(first)
    assert.equal(manager.stats().inUse, 1)
    manager.release(second)
    assert.deepInclude(manager.stats(), { open: 1, inUse: 0 })
    assert.deepEqual(registry.released, [], 'an idle connection stays open for reuse')
  })

  test('connection config: the tenant row decides the server, pools are small', ({ assert }) => {
    const { manager } = setup()
    const config = manager.connectionConfig(tenant(1, { dbHost: 'db2.internal', dbPort: 6543 }))
    assert.deepInclude(config.connection as object, {
      host: 'db2.internal',
      port: 6543,
      user: 'postgres',
      password: 'secret',
      database: 'db_1',
    })
    assert.equal(config.pool?.max, 2)
    assert.equal(manager.connectionConfig(tenant(1), 1).pool?.max, 1)
    assert.deepInclude(manager.serverFor(tenant(2)), { host: '127.0.0.1', port: 5432 })
    assert.throws(() => manager.connectionConfig(tenant(3, { dbName: null })), /no database yet/)
  })

  test('at the cap, the least recently used idle connection is closed to make room', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxOpen: 2 })
    manager.release(await manager.acquire(tenant(1)))
    await sleep(2)
    manager.release(await manager.acquire(tenant(2)))
    await sleep(2)

    const third = await manager.acquire(tenant(3))
    assert.deepEqual(registry.released, ['tenant_1'])
    manager.release(third)
    await sleep(2)

    // Touch 2 again: now 3 is the least recently used.
    manager.release(await manager.acquire(tenant(2)))
    await sleep(2)
    manager.release(await manager.acquire(tenant(4)))
    assert.deepEqual(registry.released, ['tenant_1', 'tenant_3'])
    assert.sameMembers([...registry.registered.keys()], ['tenant_2', 'tenant_4'])
    assert.isAtMost(manager.stats().peakOpen, 2)
  })

  test('when every slot is in use, a new tenant waits and no busy connection is closed', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxOpen: 2 })
    const one = await manager.acquire(tenant(1))
    await manager.acquire(tenant(2))

    let acquired: string | undefined
    const waiting = manager.acquire(tenant(3)).then((name) => (acquired = name))
    await sleep(20)
    assert.isUndefined(acquired)
    assert.equal(manager.stats().waiting, 1)
    assert.deepEqual(registry.released, [], 'connections in use are never closed')

    manager.release(one)
    await waiting
    assert.equal(acquired, 'tenant_3')
    assert.deepEqual(registry.released, ['tenant_1'])
    assert.isTrue(registry.has('tenant_2'))
    assert.deepInclude(manager.stats(), { open: 2, waiting: 0, peakOpen: 2 })
  })

  test('a wait that outlasts acquireTimeoutMs fails with E_TENANT_CONNECTION_LIMIT (503)', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxOpen: 1, acquireTimeoutMs: 60 })
    await manager.acquire(tenant(1))

    const startedAt = performance.now()
    const error = await manager.acquire(tenant(2)).catch((reason) => reason)
    assert.isAtLeast(performance.now() - startedAt, 50)
    assert.instanceOf(error, TenantConnectionLimitException)
    assert.equal(error.code, 'E_TENANT_CONNECTION_LIMIT')
    assert.equal(error.status, 503)
    assert.match(error.message, /All 1 tenant connections stayed busy for 60 ms/)
    assert.deepEqual(registry.released, [])
    assert.deepInclude(manager.stats(), { open: 1, waiting: 0 })
  })

  test('a burst over many tenants never registers more connections than the cap', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxOpen: 3, acquireTimeoutMs: 5000 })
    registry.releaseDelayMs = 3
    let concurrent = 0
    let maxConcurrent = 0

    const results = await Promise.all(
      Array.from({ length: 40 }, async (_, index) => {
        const name = await manager.acquire(tenant((index % 10) + 1))
        maxConcurrent = Math.max(maxConcurrent, ++concurrent)
        await sleep(1 + (index % 4))
        concurrent--
        manager.release(name)
        return name
      })
    )

    assert.lengthOf(results, 40)
    assert.isAtMost(registry.peak, 3)
    assert.isAtMost(manager.stats().peakOpen, 3)
    assert.deepInclude(manager.stats(), { inUse: 0, waiting: 0 })
    assert.isAtMost(maxConcurrent, 40)
  })

  test('re-acquiring a tenant whose connection is still closing gets a registered connection', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxOpen: 2 })
    manager.release(await manager.acquire(tenant(1)))
    await sleep(2)
    manager.release(await manager.acquire(tenant(2)))
    registry.holdReleases = true

    // Needs room: tenant_1 (least recently used) starts closing.
    const forThree = manager.acquire(tenant(3))
    await flush()
    assert.deepEqual(registry.pendingReleases(), ['tenant_1'])

    // Tenant 1 comes back while its old pool is still closing; it evicts tenant_2.
    const forOne = manager.acquire(tenant(1))
    await flush()
    registry.finishRelease('tenant_2')
    await flush()
    registry.finishRelease('tenant_1')
    registry.holdReleases = false

    const names = await Promise.all([forThree, forOne])
    assert.sameMembers(names, ['tenant_3', 'tenant_1'])
    for (const name of names) {
      assert.isTrue(registry.has(name), `${name} is registered with Lucid while in use`)
    }
    assert.isAtMost(registry.peak, 2)
  })

  test('a tenant whose connection Lucid already dropped is reopened on the next acquire', async ({
    assert,
  }) => {
    const { registry, manager } = setup()
    manager.release(await manager.acquire(tenant(1)))
    registry.registered.delete('tenant_1')

    await manager.closeTenant(1)
    assert.equal(await manager.acquire(tenant(1)), 'tenant_1')
    assert.isTrue(registry.has('tenant_1'))
    assert.deepEqual(registry.added, ['tenant_1', 'tenant_1'])
  })

  test('closeIdle closes only connections idle for longer than the idle timeout', async ({
    assert,
  }) => {
    const { registry, manager } = setup({ maxOpen: 3, idleTimeoutMs: 1000 })
    manager.release(await manager.acquire(tenant(1)))
    await manager.acquire(tenant(2))

    assert.equal(await manager.closeIdle(Date.now() + 10), 0)
    assert.equal(await manager.closeIdle(Date.now() + 5000), 1)
    assert.deepEqual(registry.released, ['tenant_1'])
    assert.isTrue(registry.has('tenant_2'), 'in use: never closed, however old')
  })

  test('closeTenant waits for the current user to finish before closing', async ({ assert }) => {
    const { registry, manager } = setup()
    const name = await manager.acquire(tenant(1))

    let closed = false
    const closing = manager.closeTenant(1).then(() => (closed = true))
    await sleep(40)
    assert.isFalse(closed)
    assert.deepEqual(registry.released, [])

    manager.release(name)
    await closing
    assert.deepEqual(registry.released, ['tenant_1'])
    assert.equal(manager.stats().open, 0)

    await manager.closeTenant(99) // unknown tenant: nothing to do
    await manager.closeAll()
  })

  test('tenancy.run gives the reservation back even when the work throws', async ({ assert }) => {
    const { manager, database } = setup()
    const tenancy = new TenancyManager(database, manager)

    const inside = await tenancy.run(tenant(1), () => ({
      current: tenancy.current()?.id,
      connection: (tenancy.db() as unknown as { connectionName: string }).connectionName,
    }))
    assert.deepEqual(inside, { current: 1, connection: 'tenant_1' })

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
})
