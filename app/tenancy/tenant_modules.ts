import db from '@adonisjs/lucid/services/db'

/**
 * Names of the modules a tenant has selected (the landlord's
 * `template_module_tenant`). A module counts from the moment it is attached;
 * its migrations are queued at the same time (see docs/tenancy.md).
 */
export async function tenantModuleNames(tenantId: number): Promise<Set<string>> {
  const rows: Array<{ name: string }> = await db
    .connection('landlord')
    .from('template_module_tenant')
    .join('template_modules', 'template_modules.id', 'template_module_tenant.template_module_id')
    .where('template_module_tenant.tenant_id', tenantId)
    .select('template_modules.name')
  return new Set(rows.map((row) => row.name))
}
