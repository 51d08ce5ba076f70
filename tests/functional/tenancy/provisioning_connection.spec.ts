import { test } from '@japa/runner'
import Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import { TenancyFixtures } from '#tests/helpers/tenancy'

/**
 * A migration that notes, in conn_probe, which layer ran it, the backend it
 * ran on and its synchronous_commit.
 */
function probeMigration(layer: string) {
  return `import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.defer(async (client) => {
      await client.rawQuery('create table if not exists conn_probe (layer text, pid int, sync text)')
      await client.rawQuery(
        "insert into conn_probe select ?, pg_backend_pid(), current_setting('synchronous_commit')",
        ['${layer}']
      )
    })
  }

  async down() {}
}
`
}

/** A seeder that notes, in conn_probe, the backend it ran on and its synchronous_commit. */
const PROBE_SEEDER = `import { BaseSeeder } from '@adonisjs/lucid/seeders'

export default class extends BaseSeeder {
  async run() {
    await this.client.rawQuery(
      "insert into conn_probe select '4 seeder', pg_backend_pid(), current_setting('synchronous_commit')"
    )
  }
}
`

interface Probe {
  layer: string
  pid: number
  sync: string
}

function probes(tenant: Tenant) {
  return tenancy.run(tenant, async () => {
    const result = await tenancy
      .db()
      .rawQuery<{ rows: Probe[] }>('select layer, pid, sync from conn_probe order by layer')
    return result.rows
  })
}

test.group('Provisioning | the layers share one connection, commits flushed once', (group) => {
  const fixtures = new TenancyFixtures()
  let tenant: Tenant
  let templateName: string
  // Transactions made in a tenant database during the provisioning.
  const transactions: Array<{ database: string; sync: string; status: string }> = []

  group.setup(() => () => fixtures.cleanup())

  group.setup(() => {
    const original = tenancy.transaction
    tenancy.transaction = function <R>(fn: () => Promise<R>) {
      return original.call(tenancy, async () => {
        const value = await fn()
        // As the transaction is about to commit: the setting its commit goes by.
        const result = await tenancy
          .db()
          .rawQuery<{ rows: Array<{ database: string; sync: string }> }>(
            `select current_database() as database, current_setting('synchronous_commit') as sync`
          )
        const row = await Tenant.findOrFail(tenant.id)
        transactions.push({ ...result.rows[0], status: row.status })
        return value
      })
    } as typeof tenancy.transaction
    return () => {
      tenancy.transaction = original
    }
  })

  group.setup(async () => {
    await fixtures.copyBasicLayer()
    const template = await fixtures.template()
    templateName = template.name
    const module = await fixtures.module()
    await fixtures.write(`templates/${template.name}/0001_probe.ts`, probeMigration('1 template'))
    await fixtures.write(`modules/${module.name}/0001_probe.ts`, probeMigration('2 module'))
    tenant = await fixtures.tenant(template, { modules: [module] })
    await fixtures.write(`custom/${tenant.slug}/0001_probe.ts`, probeMigration('3 custom'))
    await fixtures.write(`seeders/${template.name}/0_probe_seeder.ts`, PROBE_SEEDER)
    const result = await fixtures.provisioner.provision(tenant)
    if (result.method !== 'migrations') throw new Error(`provisioned by ${result.method}`)
  })

  test('template, module and custom layers, then the seeders, ran on one backend', async ({
    assert,
  }) => {
    const rows = await probes(tenant)
    assert.deepEqual(
      rows.map((row) => row.layer),
      ['1 template', '2 module', '3 custom', '4 seeder']
    )
    assert.lengthOf(new Set(rows.map((row) => row.pid)), 1)
  })

  test("the provisioning's migrations and seeders committed without waiting for the disk", async ({
    assert,
  }) => {
    const rows = await probes(tenant)
    assert.deepEqual(
      rows.map((row) => row.sync),
      ['off', 'off', 'off', 'off']
    )
  })

  test("the party's own connections keep synchronous commits", async ({ assert }) => {
    const setting = await tenancy.run(tenant, async () => {
      const result = await tenancy
        .db()
        .rawQuery<{ rows: Array<{ sync: string }> }>(
          `select current_setting('synchronous_commit') as sync`
        )
      return result.rows[0].sync
    })
    assert.equal(setting, 'on')
  })

  test('later migrations of an active tenant (tenant:migrate): one backend, synchronous commits', async ({
    assert,
  }) => {
    await fixtures.write(
      `templates/${templateName}/0002_probe.ts`,
      probeMigration('5 later template')
    )
    await fixtures.write(`custom/${tenant.slug}/0002_probe.ts`, probeMigration('6 later custom'))
    const outcome = await fixtures.provisioner.migrate(tenant)
    assert.equal(outcome.applied, 2)
    const rows = await probes(tenant)
    const later = rows.filter((row) => row.layer.includes('later'))
    assert.deepEqual(
      later.map((row) => [row.layer, row.sync]),
      [
        ['5 later template', 'on'],
        ['6 later custom', 'on'],
      ]
    )
    assert.equal(later[0].pid, later[1].pid)
  })

  test('one synchronous commit in its database before the tenant is active', ({ assert }) => {
    // It flushes the WAL the migrations wrote (without it, a crash could lose them while
    // the landlord already says active).
    assert.deepInclude(transactions, {
      database: tenant.dbName!,
      sync: 'on',
      status: 'provisioning',
    })
  })
})
