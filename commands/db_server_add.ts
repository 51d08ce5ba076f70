import { args, flags } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { parseHost, parseServerName, parseWholeNumber, parseYesNo } from '#tenancy/cli/server_flags'

export default class DbServerAdd extends TenantCommand {
  static commandName = 'db-server:add'
  static description =
    'Register a PostgreSQL server for tenant databases (checked by connecting to it first)'
  static help = [
    'Provisioning places a new tenant on the accepting server with the lowest share of its',
    'capacity in use. The landlord role (DATABASE_URL user and password) must be able to',
    'log in there with CREATEDB and CREATEROLE. Register the landlord server too, under a',
    'name of its own, to keep placing tenants there: once any server is registered, only',
    'registered servers receive new tenants.',
    '',
    '{{ binaryName }} db-server:add main --host=127.0.0.1 --port=5432 --capacity=100',
    '{{ binaryName }} db-server:add pg2 --host=10.0.0.12 --capacity=150 --accepting=no',
  ]

  @args.string({ description: 'Name of the server (used by tenant:move --to)' })
  declare name: string

  @flags.string({ description: 'Host name or IP address' })
  declare host?: string

  @flags.string({ description: 'Port (default 5432)' })
  declare port?: string

  @flags.string({ description: 'How many tenant databases it may hold' })
  declare capacity?: string

  @flags.string({ description: 'Whether new tenants may go there: yes (default) or no' })
  declare accepting?: string

  async run() {
    const name = parseServerName(this.name)
    const host = parseHost(this.host)
    const port = parseWholeNumber('port', this.port ?? '5432', 1, 65535)
    const capacity = parseWholeNumber('capacity', this.capacity, 0, 1_000_000)
    const accepting = parseYesNo('accepting', this.accepting ?? 'yes')
    const problem = [name, host, port, capacity, accepting].find((parsed) => parsed.error)
    if (problem) return this.fail(problem.error!)

    const { default: DatabaseServerRecord } =
      await import('#models/landlord/database_server_record')
    if (await DatabaseServerRecord.findBy('name', name.value)) {
      return this.fail(`A server named "${name.value}" already exists (node ace db-server:list)`)
    }
    const sameAddress = await DatabaseServerRecord.query()
      .where('host', host.value!)
      .where('port', port.value!)
      .first()
    if (sameAddress) {
      return this.fail(`${host.value}:${port.value} is already registered as "${sameAddress.name}"`)
    }

    const { default: tenancy } = await import('#tenancy/services/tenancy')
    const { DatabaseServer } = await import('#tenancy/database_server')
    const settings = {
      ...tenancy.connections.options.defaultServer,
      host: host.value!,
      port: port.value!,
    }
    try {
      await new DatabaseServer(settings, tenancy.connections.admin).exists('postgres')
    } catch (error) {
      return this.fail(
        `Cannot reach ${host.value}:${port.value} as ${settings.user}: ${(error as Error).message}`
      )
    }
    await DatabaseServerRecord.create({
      name: name.value,
      host: host.value,
      port: port.value,
      capacity: capacity.value,
      accepting: accepting.value,
    })
    this.logger.success(
      `Server ${name.value} (${host.value}:${port.value}) registered: capacity ${capacity.value}, ` +
        `${accepting.value ? 'accepting new tenants' : 'not accepting new tenants'}`
    )
  }
}
