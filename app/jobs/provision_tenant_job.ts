import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import Tenant from '#models/landlord/tenant'
import { defineJob, dispatch } from '#services/job_queue'
import { dispatchSpareRefill } from '#jobs/refill_spares_job'

export interface ProvisionTenantPayload {
  tenantId: number
  keepFailed?: boolean
}

/** Provisioning attempts before a job counts as failed (a retry starts clean). */
export const PROVISIONING_ATTEMPTS = 3

/**
 * Provisions the tenant named in the payload. The payload carries only the
 * tenant id; the worker loads the tenant and the provisioner enters its
 * context itself. Progress (stage, migration i of n, percent) goes to the
 * job's landlord row as it happens.
 */
export const PROVISION_TENANT_JOB = defineJob<ProvisionTenantPayload>(
  'provision-tenant',
  async (payload, context) => {
    // Resolved per run (a singleton): the container's binding is the one a test replaces.
    const provisioner = await app.container.make('tenancy.provisioner')
    const tenant = await Tenant.findOrFail(payload.tenantId)
    if (tenant.status === 'active') return { skipped: 'already active' }
    // Stages without a migration count (seed, snapshot) keep the last percent.
    let percent = 0
    const result = await provisioner.provision(tenant, {
      keepFailed: payload.keepFailed,
      onProgress: (progress) => {
        if (progress.total) percent = Math.round(((progress.index ?? 0) / progress.total) * 100)
        void context.progress({ ...progress, percent })
      },
    })
    // The party is active and this run ends with it. The next provisioning finds a password
    // hash made ahead in this process and, when spares are kept, a spare copy: made by a job
    // of its own, off this run.
    provisioner.prepareSeedersAhead(tenant).catch((error: Error) => {
      logger.warn({ err: error }, `seeder work ahead after ${tenant.slug}: ${error.message}`)
    })
    if (provisioner.keepsSpares) {
      await dispatchSpareRefill(tenant.id).catch((error: Error) => {
        logger.warn({ err: error }, `no spare refill queued after ${tenant.slug}: ${error.message}`)
      })
    }
    return {
      stats: result.stats,
      schemaHash: result.schemaHash,
      ...(result.spare ? { spare: result.spare } : {}),
    }
  }
)

/**
 * Queues provisioning of a tenant (or runs it in this process without Redis),
 * retried with exponential backoff.
 */
export function dispatchProvisioning(
  tenantId: number,
  options: { keepFailed?: boolean; backoffMs?: number } = {}
) {
  return dispatch<ProvisionTenantPayload>(
    PROVISION_TENANT_JOB,
    { tenantId, keepFailed: options.keepFailed },
    { attempts: PROVISIONING_ATTEMPTS, backoffMs: options.backoffMs }
  )
}
