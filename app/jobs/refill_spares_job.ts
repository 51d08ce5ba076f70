import app from '@adonisjs/core/services/app'
import Tenant from '#models/landlord/tenant'
import { defineJob, dispatch } from '#services/job_queue'

export interface RefillSparesPayload {
  /** The party whose template and modules the spares are copies for (not a job about it). */
  fromTenantId: number
}

/**
 * Makes the spare copies of a party's golden database that the next
 * provisioning of its template and modules takes (TenantProvisioner
 * #refillSpares). Queued by the provisioning job once the party is active,
 * so that its run (and the console's "ready" message) ends with the party.
 * One attempt: the next provisioning queues another.
 */
export const REFILL_SPARES_JOB = defineJob<RefillSparesPayload>(
  'refill-spares',
  async (payload) => {
    // Resolved per run (a singleton): the container's binding is the one a test replaces.
    const provisioner = await app.container.make('tenancy.provisioner')
    const tenant = await Tenant.find(payload.fromTenantId)
    if (!tenant || tenant.status !== 'active') return { skipped: 'the party is not active' }
    const result = await provisioner.refillSpares(tenant)
    if (!result) return { skipped: 'no golden database for its template and modules' }
    return {
      made: result.made.length,
      dropped: result.dropped.length,
      ready: result.ready,
      ...(result.busy ? { busy: true } : {}),
    }
  }
)

export function dispatchSpareRefill(fromTenantId: number) {
  return dispatch<RefillSparesPayload>(REFILL_SPARES_JOB, { fromTenantId }, { attempts: 1 })
}
