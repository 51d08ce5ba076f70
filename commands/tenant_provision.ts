import { args, flags } from '@adonisjs/core/ace'
import { findTenant } from '#tenancy/cli/tenant_selection'
import { ProgressPrinter } from '#tenancy/cli/progress_printer'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { TenantProvisioningException } from '#tenancy/exceptions'

export default class TenantProvision extends TenantCommand {
  static commandName = 'tenant:provision'
  static description = 'Provision (or retry) a pending or failed tenant inline; exit 1 on failure'

  @args.string({ description: 'Tenant slug' })
  declare slug: string

  @flags.boolean({
    description: 'Keep the database of a failed run for inspection',
    flagName: 'keep-failed',
  })
  declare keepFailed: boolean

  async run() {
    const tenant = await findTenant(this.slug)
    if (!tenant) {
      return this.fail(`No tenant "${this.slug}" (see node ace tenant:list)`)
    }
    if (tenant.status === 'active' || tenant.status === 'suspended') {
      this.logger.error(
        `${tenant.slug} is ${tenant.status}; only pending or failed tenants are provisioned`
      )
      this.exitCode = 1
      return
    }

    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const progress = new ProgressPrinter(process.stderr, tenant.slug)
    try {
      const result = await provisioner.provision(tenant, {
        keepFailed: this.keepFailed,
        onProgress: (event) => progress.update(event),
      })
      progress.done()
      this.logger.success(
        `${tenant.slug} is active: ${result.stats.migrations} migrations in ${result.stats.durationMs} ms, schema ${result.schemaHash.slice(0, 12)}`
      )
    } catch (error) {
      progress.done()
      if (error instanceof TenantProvisioningException) {
        this.logger.error(`Provisioning ${tenant.slug} failed at stage ${error.details.stage}`)
        if (error.details.migration) this.logger.error(`migration: ${error.details.migration}`)
        this.logger.error(error.message)
        this.exitCode = 1
        return
      }
      this.reportFailure(error)
    }
  }
}
