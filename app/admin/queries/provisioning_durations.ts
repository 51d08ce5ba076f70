import JobRun from '#models/landlord/job_run'
import { PROVISION_TENANT_JOB } from '#jobs/provision_tenant_job'

/**
 * The latest completed provisionings with how long each took (the
 * pipeline's own figure), oldest first, for the dashboard chart.
 */
export async function recentProvisioningDurations(limit = 20) {
  const runs = await JobRun.query()
    .where('name', PROVISION_TENANT_JOB)
    .where('status', 'completed')
    .whereRaw(`result -> 'stats' ->> 'durationMs' is not null`)
    .preload('tenant')
    .orderBy('id', 'desc')
    .limit(limit)
  return runs.reverse().map((run) => ({
    slug: run.tenant?.slug ?? `#${run.tenantId ?? run.id}`,
    durationMs: Number((run.result as { stats: { durationMs: number } }).stats.durationMs),
  }))
}
