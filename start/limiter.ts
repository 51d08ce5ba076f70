/*
|--------------------------------------------------------------------------
| HTTP limiters
|--------------------------------------------------------------------------
*/
import limiter from '@adonisjs/limiter/services/main'

/**
 * Generic per-IP throttle for sensitive endpoints.
 */
export const throttle = limiter.define('global', () => {
  return limiter.allowRequests(60).every('1 minute')
})
