import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type Tenant from '#models/landlord/tenant'
import { TenancyManager } from '#tenancy/tenancy_manager'
import { TenantResolver } from '#tenancy/tenant_resolver'

/**
 * Finds the party a request's host belongs to and runs the rest of the
 * request inside that party's tenant context: 404 for a host no party
 * lives on, 503 with a page while the party is not active.
 */
@inject()
export default class ResolveTenantMiddleware {
  constructor(
    protected resolver: TenantResolver,
    protected tenancy: TenancyManager
  ) {}

  async handle(ctx: HttpContext, next: NextFn) {
    const tenant = await this.resolver.resolve(ctx.request.hostname() ?? '')
    if (!tenant) {
      ctx.response.status(404)
      return ctx.response.send(await ctx.view.render('pages/errors/not_found'))
    }
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
