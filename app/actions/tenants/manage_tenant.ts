import { Exception } from '@adonisjs/core/exceptions'
import type Tenant from '#models/landlord/tenant'
import { dispatchProvisioning } from '#jobs/provision_tenant_job'
import { dispatchFleetMigration } from '#jobs/migrate_tenant_job'

/**
 * The action does not apply to the tenant in its current status. `reason`
 * is a lang key under admin.errors.
 */
export class TenantStateException extends Exception {
  static status = 409
  static code = 'E_TENANT_STATE'
  constructor(public readonly reason: string) {
    super(reason)
  }
}

/**
 * Queues provisioning of a pending or failed tenant (a retry starts clean).
 */
export async function startProvisioning(tenant: Tenant) {
  await tenant.refresh()
  if (tenant.status !== 'pending' && tenant.status !== 'failed') {
    throw new TenantStateException('cannot_provision')
  }
  return dispatchProvisioning(tenant.id)
}

/**
 * Takes an active party offline: its portal answers 503, its data stays.
 */
export async function suspendTenant(tenant: Tenant) {
  await tenant.refresh()
  if (tenant.status !== 'active') throw new TenantStateException('cannot_suspend')
  tenant.status = 'suspended'
  await tenant.save()
}

/**
 * Brings a suspended party back online.
 */
export async function resumeTenant(tenant: Tenant) {
  await tenant.refresh()
  if (tenant.status !== 'suspended') throw new TenantStateException('cannot_resume')
  tenant.status = 'active'
  await tenant.save()
}

/**
 * Queues the tenant's pending migrations on the tenant-migrations queue.
 */
export async function queueMigrations(tenant: Tenant) {
  await tenant.refresh()
  if (tenant.status !== 'active') throw new TenantStateException('cannot_migrate')
  const [run] = await dispatchFleetMigration([tenant])
  return run
}
