import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ApplicationService } from '@adonisjs/core/types'
import type { BaseSeeder } from '@adonisjs/lucid/seeders'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#models/landlord/tenant'
import type { TenancyManager } from '#tenancy/tenancy_manager'
import { sourceFilesIn } from '#tenancy/tenant_layers'

/**
 * Runs a template's seeders (<seedersRoot>/<template name>/*) in a tenant database.
 */
export class TenantSeeder {
  constructor(
    protected app: ApplicationService,
    protected tenancy: TenancyManager,
    protected seedersRoot: string
  ) {}

  /**
   * Runs the seeders in order (they are idempotent); returns their file names.
   */
  async seed(tenant: Tenant) {
    await tenant.load('template')
    const absolute = this.app.makePath(join(this.seedersRoot, tenant.template.name))
    if (!existsSync(absolute)) return []
    const files = await sourceFilesIn(absolute)

    return this.tenancy.run(tenant, async () => {
      const client = this.tenancy.db()
      for (const file of files) {
        const module = await import(pathToFileURL(join(absolute, file)).href)
        const Seeder = module.default as new (client: QueryClientContract) => BaseSeeder
        await new Seeder(client).run()
      }
      return files
    })
  }
}
