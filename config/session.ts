import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'
import { hostBound } from '#support/host_bound_session_store'

/**
 * Sessions live on the server so logging out ends them: in Redis when
 * REDIS_URL is set, else in the landlord `sessions` table. Each session
 * belongs to the host it was made on (see HostBoundSessionStore); the cookie
 * carries only the id and no Domain attribute, so it stays on its host.
 * `memory` is for tests (the Japa client's loginAs writes there).
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'sangathan-session',
  clearWithBrowser: false,
  age: '2h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: env.get('SESSION_DRIVER') ?? (env.get('REDIS_URL') ? 'redis' : 'database'),
  stores: {
    redis: hostBound(stores.redis({ connection: 'session' })),
    database: hostBound(stores.database({ connectionName: 'landlord', tableName: 'sessions' })),
  },
})

export default sessionConfig
