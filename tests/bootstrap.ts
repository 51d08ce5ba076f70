import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'

/**
 * Japa plugins.
 */
export const plugins: Config['plugins'] = [
  assert(),
  apiClient(),
  pluginAdonisJS(app),
  sessionApiClient(app),
  shieldApiClient(),
  authApiClient(app),
]

/**
 * Runs once before and after all tests: the test landlord database is
 * migrated from scratch and seeded (templates, modules, first admin), so
 * every run starts from the same state.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      await dropOrphanTenantDatabases()
      const rollback = await testUtils.db('landlord').migrate()
      await testUtils.db('landlord').seed()
      return rollback
    },
  ],
  teardown: [],
}

/**
 * The test landlord starts empty, so any database with the test tenant
 * prefix was left by an interrupted run: drop it.
 */
async function dropOrphanTenantDatabases() {
  const { default: tenancyConfig } = await import('#config/tenancy')
  const { default: tenancy } = await import('#tenancy/services/tenancy')
  const { DatabaseServer } = await import('#tenancy/database_server')
  if (!tenancyConfig.databasePrefix.includes('test')) return
  const server = new DatabaseServer(
    tenancy.connections.options.defaultServer,
    tenancy.connections.admin
  )
  for (const name of await server.list(tenancyConfig.databasePrefix)) {
    await server.drop(name)
  }
}

/**
 * Suites that talk HTTP start the server first.
 */
export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}
