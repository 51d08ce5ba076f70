import { test } from '@japa/runner'
import { ConnectionBudget } from '#tenancy/connection_budget'
import { AdminConnections } from '#tenancy/admin_connections'
import { TenantConnectionLimitException } from '#tenancy/exceptions'
import { sleep } from '#tests/helpers/tenancy'

test.group('ConnectionBudget', () => {
  test('never lets more than its size hold a slot, and serves waiters in arrival order', async ({
    assert,
  }) => {
    const budget = new ConnectionBudget(2, 1000, 'test')
    let holding = 0
    let most = 0
    const order: number[] = []
    await Promise.all(
      Array.from({ length: 7 }, (_, index) =>
        budget.use(async () => {
          order.push(index)
          most = Math.max(most, ++holding)
          await sleep(5)
          holding--
        })
      )
    )
    assert.equal(most, 2)
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6])
    assert.deepEqual(budget.stats(), { size: 2, inUse: 0, waiting: 0, peak: 2 })
  })

  test('a wait longer than the timeout fails with E_TENANT_CONNECTION_LIMIT and leaves the queue', async ({
    assert,
  }) => {
    const budget = new ConnectionBudget(1, 40, 'admin database')
    const release = await budget.acquire()
    const error = await budget.acquire().catch((reason) => reason)
    assert.instanceOf(error, TenantConnectionLimitException)
    assert.match(error.message, /All 1 admin database connections stayed busy for 40 ms/)
    assert.equal(budget.stats().waiting, 0)

    // Releasing twice frees one slot only.
    release()
    release()
    assert.equal(budget.stats().inUse, 0)
    const again = await budget.acquire()
    const other = budget.acquire()
    await sleep(5)
    assert.equal(budget.stats().inUse, 1)
    again()
    ;(await other)()
    assert.equal(budget.stats().inUse, 0)
  })

  test('a slot is freed when the work throws', async ({ assert }) => {
    const budget = new ConnectionBudget(1, 100, 'test')
    await assert.rejects(() => budget.use(async () => Promise.reject(new Error('boom'))), 'boom')
    assert.equal(budget.stats().inUse, 0)
  })

  test('refuses a budget without slots', ({ assert }) => {
    assert.throws(() => new ConnectionBudget(0, 100, 'test'), /at least one slot/)
    assert.throws(
      () => new AdminConnections({ size: 1, acquireTimeoutMs: 100, applicationName: 'x' }),
      /at least 2 slots/
    )
  })
})

test.group('AdminConnections', () => {
  test('lock holders never take the last slot: nested work under every lock still runs', async ({
    assert,
  }) => {
    const admin = new AdminConnections({ size: 3, acquireTimeoutMs: 300, applicationName: 'x' })
    let nestedRuns = 0
    // Five "provisionings", each holding a lock slot and needing a second slot inside.
    await Promise.all(
      Array.from({ length: 5 }, () =>
        admin.lockPermits.use(() =>
          admin.withSlot(async () => {
            await sleep(5)
            await admin.withSlot(async () => {
              nestedRuns++
              await sleep(5)
            })
          })
        )
      )
    )
    assert.equal(nestedRuns, 5)
    assert.equal(admin.slots.stats().peak, 3)
    assert.equal(admin.lockPermits.stats().peak, 2)
  })
})
