import logger from '@adonisjs/core/services/logger'
import Tenant from '#models/landlord/tenant'
import { defineJob, dispatch } from '#services/job_queue'

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
    const { default: provisioner } = await import('#tenancy/services/provisioner')
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
    // The party is active; the next provisioning finds a spare copy and a password hash ready.
    const spares = await provisioner.prepareNext(tenant).catch((error: Error) => {
      logger.warn({ err: error }, `spare databases for ${tenant.slug}'s golden: ${error.message}`)
      return undefined
    })
    return {
      stats: result.stats,
      schemaHash: result.schemaHash,
      ...(result.spare ? { spare: result.spare } : {}),
      ...(spares?.made.length ? { sparesMade: spares.made.length } : {}),
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
