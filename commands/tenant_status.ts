import { args, flags } from '@adonisjs/core/ace'
import { DateTime } from 'luxon'
import type Tenant from '#models/landlord/tenant'
import { TENANT_STATUSES } from '#models/landlord/tenant'
import { TenantCommand } from '#tenancy/cli/tenant_command'

interface StatusRow {
  slug: string
  status: string
  /** When a tenant that is not active last changed state. */
  since?: string
  /** What the operator can do about a tenant that is not active. */
  note?: string
  layers: Array<{ layer: string; type: string; applied: string[]; pending: string[] }>
  /** Why this tenant could not be read (its row, not the command, failed). */
  error?: string
}

export default class TenantStatus extends TenantCommand {
  static commandName = 'tenant:status'
  static description =
    'Applied and pending migrations per tenant and layer; tenants that are not active, with what to do'

  @args.string({ description: 'Tenant slug (default: every tenant)', required: false })
  declare slug?: string

  @flags.boolean({ description: 'One JSON document on stdout' })
  declare json: boolean

  async run() {
    const tenants = await this.tenantsOrFail(this.slug, [...TENANT_STATUSES])
    if (!tenants) return
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const active = tenants.filter((tenant) => tenant.status === 'active')
    const outcomes = await this.forEachTenant(active, (tenant) => provisioner.status(tenant))

    const report: StatusRow[] = tenants.map((tenant) => {
      const outcome = outcomes.find((candidate) => candidate.tenant === tenant)
      if (!outcome)
        return { slug: tenant.slug, status: tenant.status, ...notice(tenant), layers: [] }
      if (outcome.error !== undefined) {
        return { slug: tenant.slug, status: tenant.status, layers: [], error: outcome.error }
      }
      return {
        slug: tenant.slug,
        status: tenant.status,
        layers: outcome.value.map((entry) => ({
          layer: entry.layer.key,
          type: entry.layer.type,
          applied: entry.applied,
          pending: entry.pending,
        })),
      }
    })

    if (this.json) return this.printJson({ tenants: report })
    if (report.length === 0) {
      this.logger.info('No tenants')
      return
    }
    const table = this.ui.table()
    table.head(['Tenant', 'Status', 'Layer', 'Applied', 'Pending'])
    for (const row of report) {
      if (row.error !== undefined)
        table.row([row.slug, row.status, this.colors.red('error'), '-', '-'])
      else if (row.layers.length === 0) table.row([row.slug, row.status, '-', '-', '-'])
      for (const layer of row.layers) {
        table.row([
          row.slug,
          row.status,
          layer.layer,
          String(layer.applied.length),
          layer.pending.length > 0 ? this.colors.yellow(String(layer.pending.length)) : '0',
        ])
      }
    }
    table.render()
    for (const row of report) {
      if (row.note) this.logger.warning(`${row.slug}: ${row.note}`)
      for (const layer of row.layers) {
        for (const name of layer.pending)
          this.logger.log(`  pending ${row.slug} ${layer.layer}: ${name}`)
      }
    }
  }
}

/**
 * Since when a tenant is in a state other than active, and what resumes it.
 */
function notice(tenant: Tenant): Pick<StatusRow, 'since' | 'note'> {
  const changed = tenant.updatedAt ?? tenant.createdAt
  const since = changed.toUTC().toISO() ?? undefined
  const ago = changed.toRelative({ base: DateTime.now() }) ?? ''
  const command = `"node ace tenant:provision ${tenant.slug}"`
  switch (tenant.status) {
    case 'provisioning':
      return {
        since,
        note: `provisioning since ${since} (${ago}); if no provisioning is running (a crash, a killed worker), ${command} resumes it`,
      }
    case 'failed':
      return {
        since,
        note: `failed since ${since}: ${tenant.provisioningError ?? 'no reason recorded'}; ${command} retries it`,
      }
    case 'pending':
      return { since, note: `pending since ${since}; ${command} provisions it` }
    default:
      return { since, note: `${tenant.status} since ${since}` }
  }
}
