import Tenant from '#models/landlord/tenant'

/**
 * The latest provisioned parties with how long their provisioning took
 * (the pipeline's own figure, kept on the tenant row whoever ran it: the
 * queue worker, a tenant:* command, the dev start-up), oldest first, for
 * the dashboard chart.
 */
export async function recentProvisioningDurations(limit = 20) {
  const tenants = await Tenant.query()
    .select('slug', 'provisioning_ms')
    .whereNotNull('provisioning_ms')
    .whereNotNull('provisioned_at')
    .orderBy('provisioned_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
  return tenants.reverse().map((tenant) => ({
    slug: tenant.slug,
    durationMs: tenant.provisioningMs!,
  }))
}
