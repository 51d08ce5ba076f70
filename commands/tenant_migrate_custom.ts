import { args, flags } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'

export default class TenantMigrateCustom extends TenantCommand {
  static commandName = 'tenant:migrate:custom'
  static description = "Apply a tenant's own migrations (database/migrations/tenant/custom/<slug>)"

  @args.string({ description: 'Tenant slug' })
  declare slug: string

  @flags.boolean({ description: 'List what would run, change nothing', flagName: 'dry-run' })
  declare dryRun: boolean

  @flags.boolean({ description: 'Migrate even if the schema drifted from its snapshot' })
  declare force: boolean

  async run() {
    const tenant = await this.activeTenant(this.slug)
    if (!tenant) return
    const { default: provisioner } = await import('#tenancy/services/provisioner')
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
  }
}
