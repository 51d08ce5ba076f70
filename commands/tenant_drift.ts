import { args, flags } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { describeDrift } from '#tenancy/cli/drift_formatter'
import type { DriftReport } from '#tenancy/schema_inspector'

interface DriftRow {
  slug: string
  /** null when the tenant could not be compared (see error). */
  drift: boolean | null
  accepted: boolean
  report?: DriftReport
  error?: string
}

export default class TenantDrift extends TenantCommand {
  static commandName = 'tenant:drift'
  static description =
    'Compare live tenant schemas with their last snapshot; exit 0 without drift, 1 with drift or an error'

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
    const outcomes = await this.forEachTenant(
      tenants.filter((tenant) => tenant.status === 'active'),
      async (tenant) => {
        const report = await provisioner.driftReport(tenant)
        const accepted = report.hasDrift && this.accept
        if (accepted) await provisioner.acceptDrift(tenant)
        this.#print(tenant.slug, report, accepted)
        return { report, accepted }
      }
    )
    const rows: DriftRow[] = outcomes.map((outcome) =>
      outcome.error !== undefined
        ? { slug: outcome.tenant.slug, drift: null, accepted: false, error: outcome.error }
        : {
            slug: outcome.tenant.slug,
            drift: outcome.value.report.hasDrift,
            accepted: outcome.value.accepted,
            report: outcome.value.report,
          }
    )
    const drifted = rows.filter((row) => row.drift).length
    const errors = rows.filter((row) => row.error !== undefined).length
    if (this.json) this.printJson({ drifted, errors, tenants: rows })
    // Any drifted tenant fails the run, wherever it comes in the fleet.
    if (drifted > 0 && !this.accept) this.exitCode = 1
  }

  #print(slug: string, report: DriftReport, accepted: boolean) {
    if (this.json) return
    if (!report.hasDrift) {
      this.logger.success(`${slug}: no drift (${report.currentHash.slice(0, 12)})`)
      return
    }
    this.logger.warning(
      `${slug}: schema drift from snapshot ${report.baselineHash?.slice(0, 12) ?? '(none)'}${accepted ? ' (accepted as new baseline)' : ''}`
    )
    for (const line of describeDrift(report)) this.logger.log(`    ${line}`)
  }
}
