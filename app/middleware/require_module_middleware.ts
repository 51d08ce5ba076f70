import { errors, type HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { enabledModules } from '#party/portal/party_modules'

/**
 * Lets a request through only when the party has the named module: a party
 * without it gets a 404, as if the pages did not exist (not a 403, which
 * would say they do).
 */
export default class RequireModuleMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { module: string }) {
    const modules = await enabledModules(ctx)
    if (!modules.has(options.module)) {
      throw new errors.E_ROUTE_NOT_FOUND([ctx.request.method(), ctx.request.url()])
    }
    return next()
  }
}
