import type Tenant from '#models/landlord/tenant'
import type { LayerType } from '#tenancy/layers'
import { defineTenantJob, type TenantJobPayload } from '#tenancy/tenant_job'
import { dispatch, QUEUES } from '#services/job_queue'

export interface MigrateTenantPayload extends TenantJobPayload {
  layer?: LayerType
}

/**
 * Applies a tenant's pending layered migrations (one job per tenant of a
 * fleet migration, so a failing tenant never stops the others). A drifted
 * tenant fails its job: migrating it would bake the drift into the baseline.
 */
export const MIGRATE_TENANT_JOB = defineTenantJob<MigrateTenantPayload>(
  'migrate-tenant',
  async (payload, { tenant, progress }) => {
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const result = await provisioner.migrate(tenant, {
      layer: payload.layer,
      onProgress: (event) => void progress(event),
    })
    if (result.skipped === 'drift') {
      throw new Error(`${tenant.slug}: schema drift; check it with tenant:drift before migrating`)
    }
    return { applied: result.applied, schemaHash: result.schemaHash ?? null }
  },
  { queue: QUEUES.tenantMigrations }
)

/**
 * Queues one migration job per tenant on the tenant-migrations queue. A
 * migration is not retried blindly: a failure waits for an operator.
 */
export async function dispatchFleetMigration(
  tenants: Tenant[],
  options: { layer?: LayerType } = {}
) {
  const runs = []
  for (const tenant of tenants) {
    runs.push(
      await dispatch<MigrateTenantPayload>(
        MIGRATE_TENANT_JOB,
        { tenantId: tenant.id, layer: options.layer },
        { attempts: 1 }
      )
    )
  }
  return runs
}
