import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import { tenantMark } from '#tenancy/naming'
import tenancyConfig from '#config/tenancy'
import tenancy from '#tenancy/services/tenancy'
import { DatabaseServer } from '#tenancy/database_server'
import { orphanTenantDatabases } from '#tests/helpers/orphan_databases'
import { TenancyFixtures, randomSuffix } from '#tests/helpers/tenancy'

test.group('Test bootstrap | orphan tenant databases', (group) => {
  let fixtures: TenancyFixtures
  const server = new DatabaseServer(
    tenancy.connections.options.defaultServer,
    tenancy.connections.admin
  )
  const mark = tenantMark(randomUUID())
  const made: string[] = []

  group.each.setup(() => {
    fixtures = new TenancyFixtures()
    return async () => {
      for (const name of made.splice(0)) await server.dropOwned(name, mark)
      await fixtures.cleanup()
    }
  })

  test('only unlisted databases with the configured prefix are orphans', async ({ assert }) => {
    const prefix = tenancyConfig.databasePrefix
    const listed = await fixtures.bareTenant(await fixtures.template())
    const orphan = `${prefix}orphan_${randomSuffix()}`
    // Same start, but not the configured prefix: someone else's database.
    const foreign = `${prefix.replace(/_$/, '')}x_${randomSuffix()}`
    for (const name of [orphan, foreign]) {
      made.push(name)
      await server.createOwned(name, {
        owner: tenancy.connections.options.defaultServer.user,
        mark,
      })
    }

    const orphans = await orphanTenantDatabases()
    assert.include(orphans, orphan)
    assert.notInclude(orphans, listed.dbName!)
    assert.notInclude(orphans, foreign)
    assert.isTrue(orphans.every((name) => name.startsWith(prefix)))
  })
})
