import JobRun from '#models/landlord/job_run'
import type Tenant from '#models/landlord/tenant'
import { PROVISION_TENANT_JOB } from '#jobs/provision_tenant_job'

/** The provisioning stages in the order they run (see ProvisioningPipeline). */
export const PROVISIONING_STAGES = [
  'validate',
  'create_database',
  'basic',
  'template',
  'module',
  'custom',
  'seed',
  'snapshot',
  'finalize',
] as const

/**
 * Where a tenant's provisioning stands, from the landlord alone (so any
 * server process, and a page reload, reads the same): the tenant's status
 * and error, and its latest provisioning job with progress.
 */
export async function provisioningStatus(tenant: Tenant) {
  await tenant.refresh()
  const run = await JobRun.query()
    .where('tenant_id', tenant.id)
    .where('name', PROVISION_TENANT_JOB)
    .orderBy('id', 'desc')
    .first()
  const progress = (run?.progress ?? {}) as {
    stage?: string
    layer?: string
    migration?: string
    index?: number
    total?: number
    percent?: number
  }
  const settled =
    tenant.status === 'active' || (tenant.status === 'failed' && run?.isFinished !== false)
  return {
    tenant: {
      slug: tenant.slug,
      status: tenant.status,
      error: tenant.provisioningError,
    },
    run: run
      ? {
          id: run.id,
          status: run.status,
          attempts: run.attempts,
          maxAttempts: run.maxAttempts,
          error: run.error,
          startedAt: run.startedAt?.toISO() ?? null,
          finishedAt: run.finishedAt?.toISO() ?? null,
        }
      : null,
    progress: {
      stage: progress.stage ?? null,
      layer: progress.layer ?? null,
      migration: progress.migration ?? null,
      index: progress.index ?? null,
      total: progress.total ?? null,
      percent: tenant.status === 'active' ? 100 : (progress.percent ?? 0),
    },
    settled,
  }
}

export type ProvisioningStatus = Awaited<ReturnType<typeof provisioningStatus>>
