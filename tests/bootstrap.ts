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
      const rollback = await testUtils.db('landlord').migrate()
      await testUtils.db('landlord').seed()
      // Tenant databases of an interrupted run (tests/helpers/orphan_databases.ts). After
      // migrate(): opening the landlord connection before it broke later browser tests.
      const { dropOrphanTenantDatabases } = await import('#tests/helpers/orphan_databases')
      await dropOrphanTenantDatabases()
      return rollback
    },
  ],
  teardown: [],
}

/**
 * Suites that talk HTTP start the server first.
 */
export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}
