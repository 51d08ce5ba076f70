import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { findTenant } from '#tenancy/cli/tenant_selection'
import { TenantProvisioningException } from '#tenancy/exceptions'

export default class TenantMigrateCustom extends BaseCommand {
  static commandName = 'tenant:migrate:custom'
  static description = "Apply a tenant's own migrations (database/migrations/tenant/custom/<slug>)"
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Tenant slug' })
  declare slug: string

  @flags.boolean({ description: 'List what would run, change nothing', flagName: 'dry-run' })
  declare dryRun: boolean

  @flags.boolean({ description: 'Migrate even if the schema drifted from its snapshot' })
  declare force: boolean

  async run() {
    const tenant = await findTenant(this.slug)
    if (!tenant || tenant.status !== 'active') {
      this.logger.error(
        tenant ? `${tenant.slug} is ${tenant.status}, not active` : `No tenant "${this.slug}"`
      )
      this.exitCode = 1
      return
    }
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    try {
      const result = await provisioner.applyCustomMigrations(tenant, {
        dryRun: this.dryRun,
        allowDrift: this.force,
      })
      if (result.skipped === 'drift') {
        this.logger.warning(`${tenant.slug}: schema drift; run tenant:drift, or --force`)
        this.exitCode = 1
        return
      }
      if (result.layers.length === 0) {
        this.logger.info(
          `${tenant.slug} has no custom migrations folder (database/migrations/tenant/custom/${tenant.slug})`
        )
        return
      }
      const names = result.layers.flatMap((layer) =>
        this.dryRun ? layer.pending : layer.applied.map((m) => m.name)
      )
      this.logger.success(
        `${tenant.slug}: ${names.length} custom migration(s) ${this.dryRun ? 'pending' : 'applied'}`
      )
      for (const name of names) this.logger.log(`    ${name}`)
    } catch (error) {
      if (error instanceof TenantProvisioningException) {
        this.logger.error(error.summary)
        this.exitCode = 1
        return
      }
      throw error
    }
  }
}
