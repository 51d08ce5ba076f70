import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { findTenant } from '#tenancy/cli/tenant_selection'

export default class TenantSeed extends BaseCommand {
  static commandName = 'tenant:seed'
  static description = "Run the template's seeders in a tenant database (safe to repeat)"
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Tenant slug' })
  declare slug: string

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
    const files = await provisioner.seed(tenant)
    if (files.length === 0) {
      this.logger.info(`Template ${tenant.template.name} has no seeders`)
      return
    }
    for (const file of files) this.logger.action(`seed ${file}`).succeeded()
  }
}
