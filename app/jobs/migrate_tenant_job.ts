import type { LayerType } from '#tenancy/layers'
import { defineTenantJob, type TenantJobPayload } from '#tenancy/tenant_job'

export interface MigrateTenantPayload extends TenantJobPayload {
  layer?: LayerType
}

/**
 * Applies a tenant's pending layered migrations (one job per tenant of a
 * fleet migration, so a failing tenant never stops the others).
 */
export const MIGRATE_TENANT_JOB = defineTenantJob<MigrateTenantPayload>(
  'migrate-tenant',
  async (payload, { tenant }) => {
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const result = await provisioner.migrate(tenant, { layer: payload.layer })
    return { applied: result.applied, skipped: result.skipped ?? null }
  }
)
