import Tenant from '#models/landlord/tenant'
import Domain from '#models/landlord/domain'

interface CacheEntry {
  tenantId: number | null
  expiresAt: number
}

/**
 * Finds the tenant a host name belongs to: `<slug>.<root domain>`, or a
 * custom domain from the landlord `domains` table. Lookups are cached per
 * host for a few seconds; the tenant row itself is read fresh each time so
 * a suspension takes effect at once.
 */
export class TenantResolver {
  #cache = new Map<string, CacheEntry>()

  constructor(
    protected options: { rootDomain: string; reservedSlugs: readonly string[]; cacheTtlMs: number }
  ) {}

  /**
   * The slug in `<slug>.<root domain>`, or null for any other host
   * (the root domain itself, reserved subdomains, deeper subdomains).
   */
  slugFromHost(hostname: string): string | null {
    const host = hostname.toLowerCase().replace(/\.$/, '')
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
    const host = hostname.toLowerCase()
    const cached = this.#cache.get(host)
    let tenantId: number | null
    if (cached && cached.expiresAt > Date.now()) {
      tenantId = cached.tenantId
    } else {
      tenantId = await this.#lookup(host)
      this.#cache.set(host, { tenantId, expiresAt: Date.now() + this.options.cacheTtlMs })
    }
    return tenantId === null ? null : Tenant.find(tenantId)
  }

  /**
   * Drops cached lookups (all, or one host's).
   */
  forget(hostname?: string) {
    if (hostname) this.#cache.delete(hostname.toLowerCase())
    else this.#cache.clear()
  }

  async #lookup(host: string): Promise<number | null> {
    const slug = this.slugFromHost(host)
    if (slug) {
      const tenant = await Tenant.query().select('id').where('slug', slug).first()
      return tenant?.id ?? null
    }
    const domain = await Domain.query().select('tenant_id').where('domain', host).first()
    return domain?.tenantId ?? null
  }
}
