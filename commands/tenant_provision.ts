import { args, flags } from '@adonisjs/core/ace'
import { findTenant } from '#tenancy/cli/tenant_selection'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { printingFirstAdmin } from '#party/staff/first_admin_credentials'

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
    await printingFirstAdmin(tenant.id, this.logger, () =>
      this.provisionWithProgress(tenant, { keepFailed: this.keepFailed })
    )
  }
}
