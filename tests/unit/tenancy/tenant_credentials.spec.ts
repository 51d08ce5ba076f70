import { test } from '@japa/runner'
import type { Database } from '@adonisjs/lucid/database'
import { TenantConnectionManager } from '#tenancy/connection_manager'
import tenancy from '#tenancy/services/tenancy'
import type { TenantIdentity } from '#tenancy/tenant_context'

/**
 * A connection manager on a registry that is never used: only
 * connectionConfig() is exercised here.
 */
function manager(warnings: string[]) {
  return new TenantConnectionManager({ manager: {} } as unknown as Database, {
    ...tenancy.connections.options,
    defaultServer: { host: '127.0.0.1', port: 5432, user: 'landlord', password: 'landlord-secret' },
    warn: (message) => warnings.push(message),
  })
}

const tenant = (extra: Partial<TenantIdentity> = {}): TenantIdentity => ({
  id: 7,
  slug: 'seven',
  dbHost: null,
  dbPort: null,
  dbName: 'db_seven',
  ...extra,
})

test.group('Tenant database credentials', () => {
  test("a tenant with its own role is reached as that role, never with the landlord's", ({
    assert,
  }) => {
    const warnings: string[] = []
    const config = manager(warnings).connectionConfig(
      tenant({ dbUser: 'db_seven', dbPassword: 'tenant-secret' })
    )
    assert.deepInclude(config.connection as object, {
      user: 'db_seven',
      password: 'tenant-secret',
      database: 'db_seven',
    })
    assert.deepEqual(warnings, [])
  })

  test("a tenant without a role falls back to the landlord's credentials, with one warning", ({
    assert,
  }) => {
    const warnings: string[] = []
    const connections = manager(warnings)
    const config = connections.connectionConfig(tenant())
    connections.connectionConfig(tenant({ dbUser: null }))
    assert.deepInclude(config.connection as object, {
      user: 'landlord',
      password: 'landlord-secret',
    })
    assert.lengthOf(warnings, 1)
    assert.include(warnings[0], 'node ace tenant:secure seven')
  })

  test('a role whose password did not decrypt is an error naming the repair, not a fallback', ({
    assert,
  }) => {
    assert.throws(
      () => manager([]).connectionConfig(tenant({ dbUser: 'db_seven', dbPassword: null })),
      /cannot be decrypted .*tenant:secure seven/
    )
  })
})
