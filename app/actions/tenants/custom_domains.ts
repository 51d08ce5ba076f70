import { promises as dns } from 'node:dns'
import { DateTime } from 'luxon'
import tenancyConfig from '#config/tenancy'
import Domain from '#models/landlord/domain'
import type Tenant from '#models/landlord/tenant'
import { TenantStateException } from '#actions/tenants/manage_tenant'

const HOSTNAME =
  /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/

/**
 * The CNAME a custom domain must have before the platform serves it.
 */
export function dnsTargetFor(tenant: Pick<Tenant, 'slug'>) {
  return `${tenant.slug}.${tenancyConfig.rootDomain}`
}

/**
 * Records a custom domain for a party, unverified (it serves nothing until
 * verifyDomain finds its DNS record). `reason` codes are lang keys.
 */
export async function addDomain(tenant: Tenant, input: string) {
  const domain = input.trim().toLowerCase().replace(/\.$/, '')
  const root = tenancyConfig.rootDomain.toLowerCase()
  if (!HOSTNAME.test(domain)) throw new TenantStateException('domain_invalid')
  if (domain === root || domain.endsWith(`.${root}`))
    throw new TenantStateException('domain_platform')
  if (tenancyConfig.adminDomain && domain === tenancyConfig.adminDomain.toLowerCase()) {
    throw new TenantStateException('domain_platform')
  }
  if (await Domain.findBy('domain', domain)) throw new TenantStateException('domain_taken')
  return Domain.create({ tenantId: tenant.id, domain, isPrimary: false, verifiedAt: null })
}

type CnameResolver = (hostname: string) => Promise<string[]>

/**
 * Marks the domain verified when its CNAME points at the party's own
 * portal host; otherwise reports what DNS answered.
 */
export async function verifyDomain(
  tenant: Pick<Tenant, 'slug'>,
  domain: Domain,
  resolveCname: CnameResolver = (hostname) => dns.resolveCname(hostname)
) {
  const expected = dnsTargetFor(tenant)
  let answers: string[] = []
  try {
    answers = await resolveCname(domain.domain)
  } catch {
    // No record (or no DNS at all) is a failed verification, not an error.
  }
  const found = answers.map((name) => name.toLowerCase().replace(/\.$/, ''))
  if (!found.includes(expected)) return { verified: false, expected, found }
  domain.verifiedAt = DateTime.now()
  await domain.save()
  return { verified: true, expected, found }
}
