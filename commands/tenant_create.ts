import { flags } from '@adonisjs/core/ace'
import { createTenant, TenantInputException } from '#actions/tenants/create_tenant'
import { splitList } from '#tenancy/cli/tenant_selection'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { queueMode } from '#services/job_queue'
import { printingFirstAdmin } from '#party/staff/first_admin_credentials'

export default class TenantCreate extends TenantCommand {
  static commandName = 'tenant:create'
  static description =
    'Register a party (landlord row) and provision its database: queued, or inline with --sync'
  static help = [
    'Example:',
    '  node ace tenant:create --slug=demo-party --name="Demo Party" --template=political_party_nepal --modules=election_campaign --sync',
  ]
  @flags.string({
    description: 'Subdomain and identifier: 3–40 of a-z, 0-9 and hyphens',
    required: true,
  })
  declare slug: string

  @flags.string({ description: 'Party name (English)', required: true })
  declare name: string

  @flags.string({ description: 'Party name in Nepali', flagName: 'name-ne' })
  declare nameNe?: string

  @flags.string({ description: 'Template name, e.g. political_party_nepal', required: true })
  declare template: string

  @flags.string({ description: 'Comma-separated modules (dependencies are added)' })
  declare modules?: string

  @flags.boolean({ description: 'Provision now, in this process, with a progress display' })
  declare sync: boolean

  @flags.boolean({
    description: 'Keep the database of a failed provisioning for inspection',
    flagName: 'keep-failed',
  })
  declare keepFailed: boolean

  async run() {
    let tenant
    try {
      tenant = await createTenant({
        slug: this.slug,
        name: this.name,
        nameNe: this.nameNe,
        template: this.template,
        modules: splitList(this.modules),
      })
    } catch (error) {
      if (error instanceof TenantInputException) {
        for (const [field, problem] of Object.entries(error.problems)) {
          this.fail(`--${field === 'nameNe' ? 'name-ne' : field}: ${problem}`)
        }
        return
      }
      throw error
    }
    await tenant.load('modules')
    this.logger.success(
      `Registered ${tenant.slug} (${tenant.name}); modules: ${tenant.modules.map((m) => m.name).join(', ') || 'none'}`
    )

    if (!this.sync) {
      if (queueMode() === 'redis') {
        const { dispatchProvisioning } = await import('#jobs/provision_tenant_job')
        const queued = await dispatchProvisioning(tenant.id, { keepFailed: this.keepFailed })
        this.logger.info(
          `Provisioning queued (job ${queued.jobId}); "node ace queue:work" processes it`
        )
        this.logger.info(
          `Then "node ace party:admin-password ${tenant.slug}" prints the first admin's sign-in`
        )
        return
      }
      this.logger.info('No Redis configured: provisioning in this process')
    }

    await printingFirstAdmin(tenant.id, this.logger, () =>
      this.provisionWithProgress(tenant, { keepFailed: this.keepFailed })
    )
  }
}
