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

/**
 * Per-IP ceiling on staff sign-in posts across every party, on top of the
 * per-account and per-address failure lockout in the staff session
 * controller: one address cannot spray many parties' login forms.
 */
export const staffLoginThrottle = limiter.define('staff_login', (ctx) => {
  return limiter.allowRequests(100).every('5 minutes').usingKey(`staff_login_${ctx.request.ip()}`)
})

/**
 * Per-IP ceiling on password-reset posts across every party, on top of the
 * per-email and per-address limits in the password-reset controller.
 */
export const passwordResetThrottle = limiter.define('password_reset', (ctx) => {
  return limiter
    .allowRequests(30)
    .every('15 minutes')
    .usingKey(`password_reset_${ctx.request.ip()}`)
})
