import { args, flags } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { parseWholeNumber, parseYesNo } from '#tenancy/cli/server_flags'

export default class DbServerUpdate extends TenantCommand {
  static commandName = 'db-server:update'
  static description = "Change a database server's capacity or whether it accepts new tenants"
  static help = [
    'A server that does not accept new tenants keeps the ones it has; tenant:move takes',
    'them elsewhere one by one.',
    '',
    '{{ binaryName }} db-server:update pg2 --accepting=no',
    '{{ binaryName }} db-server:update pg2 --capacity=200',
  ]

  @args.string({ description: 'Name of the server (node ace db-server:list)' })
  declare name: string

  @flags.string({ description: 'How many tenant databases it may hold' })
  declare capacity?: string

  @flags.string({ description: 'Whether new tenants may go there: yes or no' })
  declare accepting?: string

  async run() {
    if (this.capacity === undefined && this.accepting === undefined) {
      return this.fail('Nothing to change: give --capacity and/or --accepting')
    }
    const capacity =
      this.capacity === undefined
        ? undefined
        : parseWholeNumber('capacity', this.capacity, 0, 1_000_000)
    const accepting =
      this.accepting === undefined ? undefined : parseYesNo('accepting', this.accepting)
    if (capacity?.error) return this.fail(capacity.error)
    if (accepting?.error) return this.fail(accepting.error)

    const { default: DatabaseServerRecord } =
      await import('#models/landlord/database_server_record')
    const server = await DatabaseServerRecord.findBy('name', this.name)
    if (!server) return this.fail(`No database server "${this.name}" (node ace db-server:list)`)
    if (capacity?.value !== undefined) server.capacity = capacity.value
    if (accepting?.value !== undefined) server.accepting = accepting.value
    await server.save()
    this.logger.success(
      `Server ${server.name}: capacity ${server.capacity}, ` +
        `${server.accepting ? 'accepting new tenants' : 'not accepting new tenants'}`
    )
  }
}
