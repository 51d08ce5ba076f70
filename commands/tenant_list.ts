import { flags } from '@adonisjs/core/ace'
import Tenant from '#models/landlord/tenant'
import DatabaseServerRecord from '#models/landlord/database_server_record'
import { TenantCommand } from '#tenancy/cli/tenant_command'

export default class TenantList extends TenantCommand {
  static commandName = 'tenant:list'
  static description = 'Tenants with status, template, modules, server and database'

  @flags.boolean({ description: 'One JSON document on stdout' })
  declare json: boolean

  async run() {
    const [tenants, servers] = await Promise.all([
      Tenant.query().preload('template').preload('modules').orderBy('slug'),
      DatabaseServerRecord.query(),
    ])
    const serverNames = new Map(
      servers.map((server) => [`${server.host}:${server.port}`, server.name])
    )
    const rows = tenants.map((tenant) => ({
      slug: tenant.slug,
      name: tenant.name,
      nameNe: tenant.nameNe,
      status: tenant.status,
      template: tenant.template.name,
      modules: tenant.modules.map((module) => module.name).sort(),
      database: tenant.dbName ? `${tenant.dbHost}:${tenant.dbPort}/${tenant.dbName}` : null,
      /** Registered name of the tenant's server (db-server:list); null when unregistered. */
      server: serverNames.get(`${tenant.dbHost}:${tenant.dbPort}`) ?? null,
      provisioningError: tenant.provisioningError,
    }))
    if (this.json) return this.printJson({ tenants: rows })
    if (rows.length === 0) {
      this.logger.info('No tenants yet (node ace tenant:create --help)')
      return
    }
    const table = this.ui.table()
    table.head(['Slug', 'Name', 'Status', 'Template', 'Modules', 'Server', 'Database'])
    for (const row of rows) {
      table.row([
        row.slug,
        row.name,
        row.status,
        row.template,
        row.modules.join(', ') || '-',
        row.server ?? '-',
        row.database ?? '-',
      ])
    }
    table.render()
    for (const row of rows.filter((r) => r.provisioningError)) {
      this.logger.warning(`${row.slug}: ${row.provisioningError}`)
    }
  }
}
