import { args, flags } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { findTenant } from '#tenancy/cli/tenant_selection'
import { errorLine } from '#tenancy/cli/error_line'

export default class TenantMove extends TenantCommand {
  static commandName = 'tenant:move'
  static description =
    "Move a tenant's database to another database server: copy, verify, switch, then drop the source"
  static help = [
    'Steps, under the tenant lock provisioning takes (a tenant being provisioned or moved',
    'elsewhere is refused as busy):',
    '  1. the tenant is suspended for the move (its pages answer 503) and its sessions end;',
    "  2. the tenant's role and a database marked sangathan:moving:<uuid> are made on the target;",
    '  3. pg_dump of the source, pg_restore into the target as the tenant role (PG_BIN_DIR or PATH);',
    '  4. the schema hash and the row count of every table must match the source;',
    "  5. the target gets the tenant's mark, the landlord row its new host and port (every",
    '     process forgets its cached host), the tenant its old status;',
    '  6. only then the source database and role are dropped.',
    'Any failure before step 5 leaves the tenant where it was, with its data, and drops only',
    'what this move created on the target. Exit code 1 on any failure.',
    '',
    '{{ binaryName }} tenant:move demo-party --to=pg2',
  ]

  @args.string({ description: 'Tenant slug' })
  declare slug: string

  @flags.string({ description: 'Name of the target server (node ace db-server:list)' })
  declare to?: string

  @flags.boolean({ description: 'One JSON document on stdout' })
  declare json: boolean

  async run() {
    if (!this.to) return this.fail('Give the target server: --to=<name> (node ace db-server:list)')
    const tenant = await findTenant(this.slug)
    if (!tenant) return this.fail(`No tenant "${this.slug}" (see node ace tenant:list)`)
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const { TenantMoveException } = await import('#tenancy/exceptions')
    try {
      const result = await provisioner.mover.move(tenant, this.to, {
        onStage: (stage) => {
          if (!this.json) this.logger.info(`${tenant.slug}: ${stage.replace('_', ' ')}`)
        },
      })
      if (this.json) this.printJson({ moved: result })
      else {
        this.logger.success(
          `${result.slug} moved from ${result.from} to ${result.to}: ${result.tables} tables, ` +
            `${result.rows} rows, schema ${result.schemaHash.slice(0, 12)}, ${result.durationMs} ms`
        )
      }
      if (result.sourceLeft) this.logger.warning(result.sourceLeft)
    } catch (error) {
      this.fail(errorLine(error))
      if (error instanceof TenantMoveException)
        this.logger.error(`cleanup: ${error.details.cleanup}`)
    }
  }
}
