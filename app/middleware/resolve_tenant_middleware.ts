import { inject } from '@adonisjs/core'
import { errors, type HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type Tenant from '#models/landlord/tenant'
import { TenancyManager } from '#tenancy/tenancy_manager'

/**
 * Runs a portal request inside the tenant context of the party its host
 * belongs to (found by HostAllowListMiddleware before routing): 404 for a
 * host that is not a party's, 503 with a page while the party is not active.
 */
@inject()
export default class ResolveTenantMiddleware {
  constructor(protected tenancy: TenancyManager) {}

  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.surface?.kind !== 'portal') {
      throw new errors.E_ROUTE_NOT_FOUND([ctx.request.method(), ctx.request.url()])
    }
    const tenant = ctx.surface.tenant
    if (tenant.status !== 'active') {
      ctx.response.status(503).header('Retry-After', '300')
      return ctx.response.send(
        await ctx.view.render('pages/errors/tenant_unavailable', { party: tenant })
      )
    }

    ctx.tenant = tenant
    ctx.view.share({ party: tenant })
    return this.tenancy.run(tenant, () => next())
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** The party whose portal this request is for (tenant hosts only). */
    tenant?: Tenant
  }
}
