import { configProvider } from '@adonisjs/core'
import type { InferAuthenticators, InferAuthEvents, Authenticators } from '@adonisjs/auth/types'

/**
 * Built when the auth provider boots (HTTP side): commands never import the
 * auth package and its session guard (docs/performance.md, CLI start-up).
 */
async function authConfig() {
  const { defineConfig } = await import('@adonisjs/auth')
  const { sessionGuard, sessionUserProvider } = await import('@adonisjs/auth/session')
  const { StaffUserProvider } = await import('#party/staff/staff_user_provider')
  return defineConfig({
    default: 'admin',
    guards: {
      admin: sessionGuard({
        useRememberMeTokens: false,
        provider: sessionUserProvider({
          model: () => import('#models/landlord/admin'),
        }),
      }),
      /** Party staff, on their party's host; users live in the party's own database. */
      staff: sessionGuard({
        useRememberMeTokens: false,
        provider: new StaffUserProvider({
          model: () => import('#models/party/staff_user'),
        }),
      }),
    },
  })
}

export default configProvider.create(async (app) => configProvider.resolve(app, await authConfig()))

declare module '@adonisjs/auth/types' {
  export interface Authenticators extends InferAuthenticators<
    Awaited<ReturnType<typeof authConfig>>
  > {}
}
declare module '@adonisjs/core/types' {
  interface EventsList extends InferAuthEvents<Authenticators> {}
}
