import { args, flags } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'

export default class TenantStatus extends TenantCommand {
  static commandName = 'tenant:status'
  static description = 'Applied and pending migrations per tenant and layer'

  @args.string({ description: 'Tenant slug (default: every active tenant)', required: false })
  declare slug?: string

  @flags.boolean({ description: 'One JSON document on stdout' })
  declare json: boolean

  async run() {
    const tenants = await this.tenantsOrFail(this.slug)
    if (!tenants) return
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const report = []
    for (const tenant of tenants) {
      if (tenant.status !== 'active') {
        report.push({ slug: tenant.slug, status: tenant.status, layers: [] })
        continue
      }
      const layers = await provisioner.status(tenant)
      report.push({
        slug: tenant.slug,
        status: tenant.status,
        layers: layers.map((entry) => ({
          layer: entry.layer.key,
          type: entry.layer.type,
          applied: entry.applied,
          pending: entry.pending,
        })),
      })
    }

    if (this.json) {
      process.stdout.write(`${JSON.stringify({ tenants: report }, null, 2)}\n`)
      return
    }
    if (report.length === 0) {
      this.logger.info('No tenants')
      return
    }
    const table = this.ui.table()
    table.head(['Tenant', 'Status', 'Layer', 'Applied', 'Pending'])
    for (const tenant of report) {
      if (tenant.layers.length === 0) table.row([tenant.slug, tenant.status, '-', '-', '-'])
      for (const layer of tenant.layers) {
        table.row([
          tenant.slug,
          tenant.status,
          layer.layer,
          String(layer.applied.length),
          layer.pending.length > 0 ? this.colors.yellow(String(layer.pending.length)) : '0',
        ])
      }
    }
    table.render()
    for (const tenant of report) {
      for (const layer of tenant.layers) {
        for (const name of layer.pending)
          this.logger.log(`  pending ${tenant.slug} ${layer.layer}: ${name}`)
      }
    }
  }
}
