import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { portalViewHelpers } from '#party/portal/view_helpers'

/**
 * Lets only signed-in, active staff of this party through (others go to
 * the party's login page) and gives staff pages their formatting helpers.
 */
export default class StaffAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticateUsing(['staff'], { loginRoute: '/login' })
    ctx.view.share({
      staff: ctx.auth.use('staff').user,
      ...portalViewHelpers(ctx.i18n.locale),
    })
    return next()
  }
}
