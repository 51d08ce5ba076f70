import type Tenant from '#models/landlord/tenant'
import type { TenantResolver } from '#tenancy/tenant_resolver'

/**
 * What a host serves: the platform console, a party's portal, or (on
 * localhost-style probe hosts) the health check only.
 */
export type HostSurface =
  | { kind: 'console'; host: string }
  | { kind: 'probe'; host: string }
  | { kind: 'portal'; host: string; tenant: Tenant }

export interface HostAllowListOptions {
  /** The console's host: ADMIN_DOMAIN, or the root domain when unset. */
  consoleHost: string
  /** Hosts where only the health check answers. */
  probeHosts: readonly string[]
}

/**
 * Decides which surface a request's host belongs to; a host on no list
 * (a foreign name, an IP, a party that does not exist, an unverified custom
 * domain) gets null and so a 404 before any route runs.
 */
export class HostAllowList {
  constructor(
    protected resolver: TenantResolver,
    protected options: HostAllowListOptions
  ) {}

  get consoleHost() {
    return this.resolver.normalize(this.options.consoleHost)
  }

  /**
   * The surface of a host name (as `request.hostname()` gives it), or null.
   */
  async classify(hostname: string | null | undefined): Promise<HostSurface | null> {
    if (!hostname) return null
    const host = this.resolver.normalize(hostname)
    if (host === this.consoleHost) return { kind: 'console', host }
    if (this.options.probeHosts.includes(host)) return { kind: 'probe', host }
    const tenant = await this.resolver.resolve(host)
    return tenant ? { kind: 'portal', host, tenant } : null
  }
}
