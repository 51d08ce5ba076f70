import type { HttpContext } from '@adonisjs/core/http'
import { tenantModuleNames } from '#tenancy/tenant_modules'

const cache = new WeakMap<HttpContext, Promise<Set<string>>>()

/**
 * The modules of the party whose host served this request, read from the
 * landlord once per request (the nav and the module guard share it). No
 * party in context → no modules.
 */
export function enabledModules(ctx: HttpContext): Promise<Set<string>> {
  let modules = cache.get(ctx)
  if (!modules) {
    modules = ctx.tenant ? tenantModuleNames(ctx.tenant.id) : Promise.resolve(new Set<string>())
    cache.set(ctx, modules)
  }
  return modules
}
