import Tenant from '#models/landlord/tenant'
import { defineJob, type JobContext, type QueueName } from '#services/job_queue'

export interface TenantJobPayload {
  tenantId: number
}

/**
 * Defines a job that runs inside its tenant's context. The payload names
 * the tenant by id only; the worker loads the tenant, refuses one that is
 * not active, and enters its context before the handler runs, so the
 * handler's models and queries reach that tenant's database and no other.
 */
export function defineTenantJob<P extends TenantJobPayload>(
  name: string,
  handler: (payload: P, context: JobContext & { tenant: Tenant }) => Promise<unknown>,
  options: { queue?: QueueName } = {}
) {
  return defineJob<P>(
    name,
    async (payload, context) => {
      const { default: tenancy } = await import('#tenancy/services/tenancy')
      const tenant = await Tenant.find(payload.tenantId)
      if (!tenant) throw new Error(`Job ${name}: tenant ${payload.tenantId} does not exist`)
      if (tenant.status !== 'active') {
        throw new Error(`Job ${name}: tenant ${tenant.slug} is ${tenant.status}, not active`)
      }
      return tenancy.run(tenant, () => handler(payload, { ...context, tenant }))
    },
    options
  )
}
