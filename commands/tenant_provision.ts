import { args, flags } from '@adonisjs/core/ace'
import { findTenant } from '#tenancy/cli/tenant_selection'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { captureFirstAdmin } from '#party/staff/first_admin_credentials'

export default class TenantProvision extends TenantCommand {
  static commandName = 'tenant:provision'
  static description =
    'Provision a pending tenant, retry a failed one, or resume one a crash left provisioning; exit 1 on failure'

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
      return this.fail(
        `${tenant.slug} is ${tenant.status}; only pending, failed or interrupted (provisioning) tenants are provisioned`
      )
    }
    const firstAdmin = captureFirstAdmin(tenant.id)
    try {
      await this.provisionWithProgress(tenant, { keepFailed: this.keepFailed })
    } finally {
      firstAdmin.stop()
    }
    if (firstAdmin.credentials) {
      this.logger.log('First party admin (the password is shown only now):')
      this.logger.log(`Email: ${firstAdmin.credentials.email}`)
      this.logger.log(`Password: ${firstAdmin.credentials.password}`)
    }
  }
}
