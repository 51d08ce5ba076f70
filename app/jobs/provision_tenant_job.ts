import Tenant from '#models/landlord/tenant'
import { defineJob, dispatch } from '#services/job_queue'

export interface ProvisionTenantPayload {
  tenantId: number
  keepFailed?: boolean
}

/**
 * Provisions the tenant named in the payload. The payload carries only the
 * tenant id; the worker loads the tenant and the provisioner enters its
 * context itself.
 */
export const PROVISION_TENANT_JOB = defineJob<ProvisionTenantPayload>(
  'provision-tenant',
  async (payload, context) => {
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const tenant = await Tenant.findOrFail(payload.tenantId)
    if (tenant.status === 'active') return { skipped: 'already active' }
    return provisioner.provision(tenant, {
      keepFailed: payload.keepFailed,
      onProgress: (progress) => {
        if (progress.total) {
          void context.progress({
            ...progress,
            percent: Math.round(((progress.index ?? 0) / progress.total) * 100),
          })
        }
      },
    })
  }
)

/**
 * Queues provisioning of a tenant (or runs it in this process without Redis).
 */
export function dispatchProvisioning(tenantId: number, options: { keepFailed?: boolean } = {}) {
  return dispatch<ProvisionTenantPayload>(
    PROVISION_TENANT_JOB,
    { tenantId, ...options },
    { attempts: 1 }
  )
}
