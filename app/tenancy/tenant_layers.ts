import { readdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import type { ApplicationService } from '@adonisjs/core/types'
import type Tenant from '#models/landlord/tenant'
import TemplateModule from '#models/landlord/template_module'
import { TenantProvisioningException } from '#tenancy/exceptions'
import { resolveLayers, resolveModuleOrder, type MigrationLayer } from '#tenancy/layers'

/**
 * Which migration layers a tenant has, read from its landlord row: basic,
 * its template, its modules (dependencies first) and its custom folder.
 */
export class TenantLayers {
  constructor(
    protected app: ApplicationService,
    protected migrationsRoot: string
  ) {}

  /**
   * The tenant's layers in order. With requireActive (provisioning), an
   * inactive template or module is refused; existing tenants keep migrating
   * when their template is retired.
   */
  async for(tenant: Tenant, options: { requireActive?: boolean } = {}): Promise<MigrationLayer[]> {
    await tenant.load('template')
    await tenant.load('modules')
    if (options.requireActive && !tenant.template.isActive) {
      throw new TenantProvisioningException('Template is not active', {
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        stage: 'validate',
      })
    }
    const inactive = tenant.modules
      .filter((module) => !module.isActive)
      .map((module) => module.name)
    if (options.requireActive && inactive.length > 0) {
      throw new TenantProvisioningException(`Module is not active: ${inactive.join(', ')}`, {
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        stage: 'validate',
      })
    }
    const catalog = await TemplateModule.all()
    const ordered = resolveModuleOrder(
      tenant.modules.map((module) => module.name),
      catalog.map((module) => ({ name: module.name, dependsOn: module.dependsOn }))
    )
    return resolveLayers({
      appRoot: this.app.makePath(),
      migrationsRoot: this.migrationsRoot,
      template: tenant.template.name,
      modules: ordered,
      slug: tenant.slug,
    })
  }

  /**
   * Number of migration files across the layers (for progress totals).
   */
  async countMigrations(layers: MigrationLayer[]) {
    let count = 0
    for (const layer of layers) {
      const absolute = this.app.makePath(layer.path)
      if (!existsSync(absolute)) continue
      const files = await sourceFilesIn(absolute)
      count += files.length
    }
    return count
  }
}

/**
 * Migration or seeder files of a folder, in natural order.
 */
export async function sourceFilesIn(folder: string) {
  const entries = await readdir(folder)
  return entries
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
}
