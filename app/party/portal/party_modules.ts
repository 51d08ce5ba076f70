import type { HttpContext } from '@adonisjs/core/http'
import { tenantModuleNames } from '#tenancy/tenant_modules'

const cache = new WeakMap<HttpContext, Promise<Set<string>>>()

/**
 * The modules of the party whose host served this request. The host lookup
 * (TenantResolver, cached) loads them with the tenant, so a known host costs
 * no landlord query; a tenant found another way is read from the landlord
 * once per request (the nav and the module guard share it). No party in
 * context → no modules.
 */
export function enabledModules(ctx: HttpContext): Promise<Set<string>> {
  let modules = cache.get(ctx)
  if (!modules) {
    const tenant = ctx.tenant
    if (!tenant) modules = Promise.resolve(new Set<string>())
    else if (tenant.$preloaded.modules) {
      modules = Promise.resolve(new Set(tenant.modules.map((module) => module.name)))
    } else modules = tenantModuleNames(tenant.id)
    cache.set(ctx, modules)
  }
  return modules
}
