import { args } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'

export default class PartyAdminPassword extends TenantCommand {
  static commandName = 'party:admin-password'
  static description =
    "Give a party's first admin (admin@<slug>.<root>) a new generated password and print it once"

  @args.string({ description: 'Tenant slug' })
  declare slug: string

  async run() {
    const tenant = await this.activeTenant(this.slug)
    if (!tenant) return
    const { default: tenancy } = await import('#tenancy/services/tenancy')
    const { resetFirstAdminPassword } = await import('#actions/staff/ensure_first_admin')
    const credentials = await tenancy.run(tenant, () => resetFirstAdminPassword())
    this.logger.log(`Party admin of ${tenant.slug} (the password is shown only now):`)
    this.logger.log(`Email: ${credentials.email}`)
    this.logger.log(`Password: ${credentials.password}`)
  }
}
