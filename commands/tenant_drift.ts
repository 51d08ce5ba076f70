import { args, flags } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { describeDrift } from '#tenancy/cli/drift_formatter'

export default class TenantDrift extends TenantCommand {
  static commandName = 'tenant:drift'
  static description =
    'Compare live tenant schemas with their last snapshot; exit 0 without drift, 1 with drift'

  @args.string({ description: 'Tenant slug (default: every active tenant)', required: false })
  declare slug?: string

  @flags.boolean({ description: 'Accept the live schema as the new baseline' })
  declare accept: boolean

  @flags.boolean({ description: 'One JSON document on stdout' })
  declare json: boolean

  async run() {
    const tenants = await this.tenantsOrFail(this.slug)
    if (!tenants) return
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const results = []
    let drifted = 0
    for (const tenant of tenants.filter((t) => t.status === 'active')) {
      const report = await provisioner.driftReport(tenant)
      let accepted = false
      if (report.hasDrift) {
        drifted++
        if (this.accept) {
          await provisioner.acceptDrift(tenant)
          accepted = true
        }
      }
      results.push({ slug: tenant.slug, drift: report.hasDrift, accepted, report })
      if (!this.json) {
        if (!report.hasDrift) {
          this.logger.success(`${tenant.slug}: no drift (${report.currentHash.slice(0, 12)})`)
        } else {
          this.logger.warning(
            `${tenant.slug}: schema drift from snapshot ${report.baselineHash?.slice(0, 12) ?? '(none)'}${accepted ? ' (accepted as new baseline)' : ''}`
          )
          for (const line of describeDrift(report)) this.logger.log(`    ${line}`)
        }
      }
    }

    if (this.json) {
      process.stdout.write(`${JSON.stringify({ drifted, tenants: results }, null, 2)}\n`)
    }
    if (drifted > 0 && !this.accept) this.exitCode = 1
  }
}
