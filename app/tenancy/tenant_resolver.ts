import Tenant from '#models/landlord/tenant'
import Domain from '#models/landlord/domain'

export interface TenantResolverOptions {
  rootDomain: string
  reservedSlugs: readonly string[]
  /** How long a found tenant is served from the cache (bounds staleness for changes made by other processes). */
  cacheTtlMs: number
  /** How long "no tenant on this host" is remembered. */
  negativeCacheTtlMs?: number
  /** Most hosts remembered; the least recently used goes first. */
  cacheMaxEntries?: number
}

interface CacheEntry {
  tenant: Tenant | null
  expiresAt: number
}

/** An IPv4 address: never a party's host. */
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/

/** A DNS name: letters, digits, hyphens and dots, at most 253 characters. */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/

/**
 * Finds the tenant a host name belongs to: `<slug>.<root domain>`, or a
 * verified custom domain from the landlord `domains` table.
 *
 * Lookups (found or not) are kept in a bounded LRU cache with a TTL, so
 * random Host headers neither grow memory nor reach the landlord more than
 * once per TTL; concurrent lookups of one host share one query. Call
 * `forget()` when tenants or domains change (HostCacheInvalidation does).
 */
export class TenantResolver {
  #cache = new Map<string, CacheEntry>()
  #pending = new Map<string, Promise<Tenant | null>>()
  /** Bumped on every invalidation so a lookup that started before it is not cached. */
  #generation = 0

  constructor(protected options: TenantResolverOptions) {}

  get maxEntries() {
    return this.options.cacheMaxEntries ?? 5_000
  }

  /** Number of hosts currently cached. */
  get cacheSize() {
    return this.#cache.size
  }

  /**
   * A host name as compared everywhere: lower case, no trailing dot.
   */
  normalize(hostname: string) {
    return hostname.toLowerCase().replace(/\.$/, '')
  }

  /**
   * The slug in `<slug>.<root domain>`, or null for any other host
   * (the root domain itself, reserved subdomains, deeper subdomains).
   */
  slugFromHost(hostname: string): string | null {
    const host = this.normalize(hostname)
    const suffix = `.${this.options.rootDomain.toLowerCase()}`
    if (!host.endsWith(suffix)) return null
    const label = host.slice(0, -suffix.length)
    if (!label || label.includes('.') || this.options.reservedSlugs.includes(label)) return null
    return label
  }

  /**
   * The tenant for a host name, or null when no tenant lives there.
   */
  async resolve(hostname: string): Promise<Tenant | null> {
    const host = this.normalize(hostname)
    if (!HOST_NAME.test(host) || IPV4.test(host)) return null

    const cached = this.#cache.get(host)
    if (cached && cached.expiresAt > Date.now()) {
      // Re-inserting moves the host to the most recently used end.
      this.#cache.delete(host)
      this.#cache.set(host, cached)
      return cached.tenant
    }
    if (cached) this.#cache.delete(host)

    const pending = this.#pending.get(host)
    if (pending) return pending

    const generation = this.#generation
    const lookup = this.lookupHost(host)
      .then((tenant) => {
        if (generation === this.#generation) this.#remember(host, tenant)
        return tenant
      })
      .finally(() => this.#pending.delete(host))
    this.#pending.set(host, lookup)
    return lookup
  }

  /**
   * Drops cached lookups (all, or one host's).
   */
  forget(hostname?: string) {
    this.#generation++
    if (hostname) this.#cache.delete(this.normalize(hostname))
    else this.#cache.clear()
  }

  #remember(host: string, tenant: Tenant | null) {
    const ttl = tenant ? this.options.cacheTtlMs : (this.options.negativeCacheTtlMs ?? 30_000)
    this.#cache.set(host, { tenant, expiresAt: Date.now() + ttl })
    while (this.#cache.size > this.maxEntries) {
      const oldest = this.#cache.keys().next().value as string
      this.#cache.delete(oldest)
    }
  }

  /**
   * The landlord query behind a cache miss.
   */
  protected async lookupHost(host: string): Promise<Tenant | null> {
    const slug = this.slugFromHost(host)
    // Modules come along, so the portal's menu and module guard need no query of their own.
    if (slug) return Tenant.query().where('slug', slug).preload('modules').first()
    const domain = await Domain.query()
      .select('tenant_id')
      .where('domain', host)
      .whereNotNull('verified_at')
      .first()
    return domain ? Tenant.query().where('id', domain.tenantId).preload('modules').first() : null
  }
}
