import { Exception } from '@adonisjs/core/exceptions'
import Tenant from '#models/landlord/tenant'
import TemplateModule from '#models/landlord/template_module'
import { resolveModuleOrder } from '#tenancy/layers'
import { TenantDatabases } from '#tenancy/tenant_databases'
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

/**
 * Queues pending migrations for every active party, one job per party.
 */
export async function queueFleetMigrations() {
  const tenants = await Tenant.query().where('status', 'active').orderBy('slug')
  return dispatchFleetMigration(tenants)
}

/**
 * Adds a module (and the modules it needs) to an active party and queues
 * its migrations, which apply the new module layers.
 */
export async function addModule(tenant: Tenant, moduleName: string) {
  await tenant.refresh()
  if (tenant.status !== 'active') throw new TenantStateException('cannot_add_module')
  await tenant.load('modules')
  const catalog = await TemplateModule.all()
  const wanted = catalog.find((module) => module.name === moduleName)
  if (!wanted || !wanted.isActive) throw new TenantStateException('module_unavailable')
  const attached = new Set(tenant.modules.map((module) => module.name))
  if (attached.has(moduleName)) throw new TenantStateException('module_present')
  const names = resolveModuleOrder(
    [...attached, moduleName],
    catalog.map((module) => ({ name: module.name, dependsOn: module.dependsOn }))
  )
  const added = catalog.filter(
    (module) => names.includes(module.name) && !attached.has(module.name)
  )
  if (added.some((module) => !module.isActive)) throw new TenantStateException('module_unavailable')
  await tenant.related('modules').attach(added.map((module) => module.id))
  // Host caches hold each party's modules: tell every process (attach saves no Tenant).
  const { default: app } = await import('@adonisjs/core/services/app')
  const { HostCacheInvalidation } = await import('#tenancy/host_cache_invalidation')
  const hostCaches = await app.container.make(HostCacheInvalidation)
  hostCaches.changed()
  const [run] = await dispatchFleetMigration([tenant], { layer: 'module' })
  return { added: added.map((module) => module.name), run }
}

/**
 * Deletes a party for good: its database and role (only if they carry its
 * mark), then its landlord row with history, snapshots, domains and modules.
 * The caller has the operator type the slug first.
 */
export async function deleteTenant(tenant: Tenant) {
  await tenant.refresh()
  if (tenant.status === 'provisioning') throw new TenantStateException('cannot_delete')
  if (tenant.dbName) {
    const { default: tenancy } = await import('#tenancy/services/tenancy')
    await new TenantDatabases(tenancy.connections).drop(tenant)
  }
  await tenant.delete()
}
