import { inject } from '@adonisjs/core'
import { errors, type HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { HostAllowList, type HostSurface } from '#tenancy/host_allow_list'

/**
 * Runs before routing: a request whose host is on no allow-list (console,
 * party portal, probe host) gets a 404 without reaching any route, static
 * file or session. Probe hosts reach `/health` only.
 */
@inject()
export default class HostAllowListMiddleware {
  constructor(protected hosts: HostAllowList) {}

  async handle(ctx: HttpContext, next: NextFn) {
    const surface = await this.hosts.classify(ctx.request.hostname())
    const probeAllowed =
      surface?.kind === 'probe' &&
      ['GET', 'HEAD'].includes(ctx.request.method()) &&
      ctx.request.url() === '/health'
    if (!surface || (surface.kind === 'probe' && !probeAllowed)) {
      throw new errors.E_ROUTE_NOT_FOUND([ctx.request.method(), ctx.request.url()])
    }
    ctx.surface = surface
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** Which surface the request's host serves (set before routing). */
    surface?: HostSurface
  }
}
