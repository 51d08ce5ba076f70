import { args } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'

export default class TenantSeed extends TenantCommand {
  static commandName = 'tenant:seed'
  static description = "Run the template's seeders in a tenant database (safe to repeat)"

  @args.string({ description: 'Tenant slug' })
  declare slug: string

  async run() {
    const tenant = await this.activeTenant(this.slug)
    if (!tenant) return
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const files = await provisioner.seed(tenant)
    if (files.length === 0) {
      this.logger.info(`Template ${tenant.template.name} has no seeders`)
      return
    }
    for (const file of files) this.logger.action(`seed ${file}`).succeeded()
  }
}
