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
 * The test landlord starts empty, so a marked database or role with the
 * test tenant prefix was left by an interrupted run: drop it (unmarked ones
 * are not the platform's and stay).
 */
async function dropOrphanTenantDatabases() {
  const { default: tenancyConfig } = await import('#config/tenancy')
  const { dropMarkedOrphans } = await import('#tests/helpers/tenancy')
  if (!tenancyConfig.databasePrefix.includes('test')) return
  await dropMarkedOrphans(tenancyConfig.databasePrefix)
}

/**
 * Suites that talk HTTP start the server first.
 */
export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}
