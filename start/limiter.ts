/*
|--------------------------------------------------------------------------
| HTTP limiters
|--------------------------------------------------------------------------
*/
import limiter from '@adonisjs/limiter/services/main'

/**
 * Per-IP ceiling on sensitive endpoints (login), on top of the per-email
 * lockout in the session controller: one address cannot try many accounts.
 */
export const throttle = limiter.define('global', () => {
  return limiter.allowRequests(60).every('1 minute')
})
