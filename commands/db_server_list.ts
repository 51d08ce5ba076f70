import { flags } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'

export default class DbServerList extends TenantCommand {
  static commandName = 'db-server:list'
  static description =
    'Database servers for tenant databases: address, tenants held, capacity, accepting new tenants'

  @flags.boolean({ description: 'One JSON document on stdout' })
  declare json: boolean

  async run() {
    const { ServerRegistry } = await import('#tenancy/server_registry')
    const { default: tenancy } = await import('#tenancy/services/tenancy')
    const servers = await new ServerRegistry(tenancy.connections.options.defaultServer).list()
    if (this.json) return this.printJson({ servers })
    if (servers.length === 0) {
      const fallback = tenancy.connections.options.defaultServer
      this.logger.info(
        `No database servers registered: every tenant goes to the landlord's server ` +
          `(${fallback.host}:${fallback.port}). node ace db-server:add --help`
      )
      return
    }
    const table = this.ui.table()
    table.head(['Name', 'Address', 'Tenants', 'Capacity', 'Accepting'])
    for (const server of servers) {
      table.row([
        server.name,
        `${server.host}:${server.port}`,
        String(server.tenants),
        String(server.capacity),
        server.accepting ? 'yes' : 'no',
      ])
    }
    table.render()
  }
}
