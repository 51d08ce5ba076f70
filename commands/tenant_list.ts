import { flags } from '@adonisjs/core/ace'
import Tenant from '#models/landlord/tenant'
import { TenantCommand } from '#tenancy/cli/tenant_command'

export default class TenantList extends TenantCommand {
  static commandName = 'tenant:list'
  static description = 'Tenants with status, template, modules and database'

  @flags.boolean({ description: 'One JSON document on stdout' })
  declare json: boolean

  async run() {
    const tenants = await Tenant.query().preload('template').preload('modules').orderBy('slug')
    const rows = tenants.map((tenant) => ({
      slug: tenant.slug,
      name: tenant.name,
      nameNe: tenant.nameNe,
      status: tenant.status,
      template: tenant.template.name,
      modules: tenant.modules.map((module) => module.name).sort(),
      database: tenant.dbName ? `${tenant.dbHost}:${tenant.dbPort}/${tenant.dbName}` : null,
      provisioningError: tenant.provisioningError,
    }))
    if (this.json) return this.printJson({ tenants: rows })
    if (rows.length === 0) {
      this.logger.info('No tenants yet (node ace tenant:create --help)')
      return
    }
    const table = this.ui.table()
    table.head(['Slug', 'Name', 'Status', 'Template', 'Modules', 'Database'])
    for (const row of rows) {
      table.row([
        row.slug,
        row.name,
        row.status,
        row.template,
        row.modules.join(', ') || '-',
        row.database ?? '-',
      ])
    }
    table.render()
    for (const row of rows.filter((r) => r.provisioningError)) {
      this.logger.warning(`${row.slug}: ${row.provisioningError}`)
    }
  }
}
