import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { portalViewHelpers } from '#party/portal/view_helpers'
import { enabledModules } from '#party/portal/party_modules'

/**
 * Lets only signed-in, active staff of this party through (others go to
 * the party's login page) and gives staff pages their formatting helpers
 * and `hasModule(name)`.
 */
export default class StaffAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticateUsing(['staff'], { loginRoute: '/login' })
    const modules = await enabledModules(ctx)
    ctx.view.share({
      staff: ctx.auth.use('staff').user,
      /** Whether the party has a module (nav items of optional modules). */
      hasModule: (name: string) => modules.has(name),
      ...portalViewHelpers(ctx.i18n.locale),
    })
    return next()
  }
}
