import { args } from '@adonisjs/core/ace'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { selectTenants } from '#tenancy/cli/tenant_selection'

interface Row {
  slug: string
  result: 'secured' | 'already secure' | 'skipped' | 'failed'
  detail: string
}

export default class TenantSecure extends TenantCommand {
  static commandName = 'tenant:secure'
  static description =
    'Give tenant databases their own login role, owner of the database and its objects, ' +
    "marked as this tenant's, CONNECT revoked from PUBLIC (safe to repeat); exit 1 if any failed"
  static help = [
    'Brings tenants provisioned before database roles existed under least privilege:',
    '  a login role per tenant (random password, kept encrypted in the landlord),',
    '  ALTER DATABASE ... OWNER and ALTER ... OWNER of every table, view, sequence, type,',
    "  function and schema in it, the tenant's mark on database and role, CONNECT only for the role.",
    'Also repairs a tenant whose stored password no longer works (e.g. after an APP_KEY change).',
    'Without a slug: every active and suspended tenant. The landlord role needs CREATEROLE',
    'and must own the objects it reassigns (it does when it ran the migrations).',
    '',
    '{{ binaryName }} tenant:secure',
    '{{ binaryName }} tenant:secure my-party',
  ]

  @args.string({
    description: 'Tenant slug (default: every active and suspended tenant)',
    required: false,
  })
  declare slug?: string

  async run() {
    const { tenants, unknown } = await selectTenants(this.slug ? [this.slug] : [], [
      'active',
      'suspended',
    ])
    if (unknown.length > 0) {
      return this.fail(`No tenant "${unknown.join(', ')}" (see node ace tenant:list)`)
    }
    const { default: tenancy } = await import('#tenancy/services/tenancy')
    const { TenantDatabases } = await import('#tenancy/tenant_databases')
    const databases = new TenantDatabases(tenancy.connections)

    const rows: Row[] = []
    for (const tenant of tenants) {
      if (!tenant.dbName) {
        rows.push({ slug: tenant.slug, result: 'skipped', detail: 'no database yet' })
        continue
      }
      try {
        const { changes } = await databases.secure(tenant, () => tenant.save())
        await tenant.save()
        rows.push({
          slug: tenant.slug,
          result: changes.length > 0 ? 'secured' : 'already secure',
          detail: changes.join('; ') || `reached as ${tenant.dbUser}`,
        })
      } catch (error) {
        rows.push({ slug: tenant.slug, result: 'failed', detail: (error as Error).message })
      }
    }

    if (rows.length === 0) {
      this.logger.info('No tenants')
      return
    }
    const table = this.ui.table()
    table.head(['Tenant', 'Result', 'Detail'])
    for (const row of rows) {
      const result = row.result === 'failed' ? this.colors.red(row.result) : row.result
      table.row([row.slug, result, row.detail])
    }
    table.render()
    const failed = rows.filter((row) => row.result === 'failed')
    if (failed.length > 0) {
      this.fail(`${failed.length} of ${rows.length} tenants could not be secured`)
    }
  }
}
