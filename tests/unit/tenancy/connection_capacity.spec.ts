import { test } from '@japa/runner'
import { connectionCapacity } from '#tenancy/connection_capacity'

const defaults = { processes: 2, tenantConnections: 30, adminConnections: 3, landlordPoolMax: 10 }

test.group('connectionCapacity', () => {
  test('the defaults fit a stock PostgreSQL: 2 x (30 + 3 + 10) = 86 of 100 - 3 reserved', ({
    assert,
  }) => {
    assert.deepEqual(
      connectionCapacity(defaults, { maxConnections: 100, reservedConnections: 3 }),
      { perProcess: 43, needed: 86, available: 97, fits: true }
    )
  })

  test('the production outage does not fit: 20 x 5 pooled connections per process', ({
    assert,
  }) => {
    const capacity = connectionCapacity(
      { ...defaults, tenantConnections: 100 },
      { maxConnections: 100, reservedConnections: 3 }
    )
    assert.deepInclude(capacity, { needed: 226, available: 97, fits: false })
  })

  test('exactly full fits; one connection more does not', ({ assert }) => {
    const limits = { maxConnections: 89, reservedConnections: 3 }
    assert.isTrue(connectionCapacity(defaults, limits).fits)
    assert.isFalse(connectionCapacity(defaults, { ...limits, maxConnections: 88 }).fits)
    assert.isFalse(
      connectionCapacity({ ...defaults, processes: 3 }, { ...limits, maxConnections: 128 }).fits
    )
    assert.isTrue(
      connectionCapacity({ ...defaults, processes: 3 }, { ...limits, maxConnections: 132 }).fits
    )
  })
})
