import { defineConfig } from '@adonisjs/auth'
import { sessionGuard, sessionUserProvider } from '@adonisjs/auth/session'
import type { InferAuthenticators, InferAuthEvents, Authenticators } from '@adonisjs/auth/types'
import { StaffUserProvider } from '#party/staff/staff_user_provider'

const authConfig = defineConfig({
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

export default authConfig

declare module '@adonisjs/auth/types' {
  export interface Authenticators extends InferAuthenticators<typeof authConfig> {}
}
declare module '@adonisjs/core/types' {
  interface EventsList extends InferAuthEvents<Authenticators> {}
}
