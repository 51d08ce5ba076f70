import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/landlord/tenant'
import type TenantTemplate from '#models/landlord/tenant_template'
import tenancy from '#tenancy/services/tenancy'
import { TenantProvisioner } from '#tenancy/tenant_provisioner'
import { TenancyFixtures, createTableMigration } from '#tests/helpers/tenancy'

/** Same rows for every tenant; notes the database it ran in. */
const PER_TEMPLATE_SEEDER = (
  dataDir: string
) => `import { BaseSeeder } from '@adonisjs/lucid/seeders'

export default class extends BaseSeeder {
  static perTemplate = true
  static inputs = ['${dataDir}']

  async run() {
    const found = await this.client.from('things').where('name', 'template').first()
    if (!found) {
      await this.client.rawQuery("insert into things (name, colour) values ('template', current_database())")
    }
  }
}
`

/** Per tenant; notes the database it ran in. */
const PER_TENANT_SEEDER = `import { BaseSeeder } from '@adonisjs/lucid/seeders'

export default class extends BaseSeeder {
  async run() {
    const found = await this.client.from('things').where('name', 'tenant').first()
    if (!found) {
      await this.client.rawQuery("insert into things (name, colour) values ('tenant', current_database())")
    }
  }
}
`

function thingsOf(tenant: Tenant) {
  return tenancy.run(tenant, async () => {
    const rows = await tenancy.db().from('things').orderBy('name').select('name', 'colour')
    return Object.fromEntries(rows.map((row) => [row.name, row.colour]))
  })
}

/**
 * Per-template seeders (static perTemplate) run once, in the golden
 * database; a clone runs only the per-tenant ones, and ends with the same
 * rows and schema as the migration path.
 */
test.group('golden databases with per-template seed data', (group) => {
  const fixtures = new TenancyFixtures()
  let template: TenantTemplate
  let cloning: TenantProvisioner
  let migrating: TenantProvisioner

  group.setup(async () => {
    await fixtures.copyBasicLayer()
    template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things', ['colour'])
    )
    await fixtures.write('data/rows.json', '["v1"]')
    await fixtures.write(
      `seeders/${template.name}/0001_template_seeder.ts`,
      PER_TEMPLATE_SEEDER(`${fixtures.root}/data`)
    )
    await fixtures.write(`seeders/${template.name}/0002_tenant_seeder.ts`, PER_TENANT_SEEDER)
    const options = fixtures.provisionerOptions
    cloning = new TenantProvisioner(db, app, emitter, tenancy, {
      ...options,
      goldenTemplates: true,
    })
    migrating = new TenantProvisioner(db, app, emitter, tenancy, {
      ...options,
      goldenTemplates: false,
    })
    return async () => {
      try {
        await cloning.golden.prune()
      } finally {
        await fixtures.cleanup()
      }
    }
  })

  test('the clone holds the golden’s seed rows and runs only the per-tenant seeders', async ({
    assert,
  }) => {
    const byMigrations = await fixtures.tenant(template)
    const first = await fixtures.tenant(template)
    const second = await fixtures.tenant(template)
    const migrated = await migrating.provision(byMigrations)
    const built = await cloning.provision(first)
    const reused = await cloning.provision(second)
    assert.equal(built.method, 'clone', built.fallbackReason)
    assert.equal(reused.method, 'clone', reused.fallbackReason)
    // Same schema on both paths, the reused snapshot included.
    assert.equal(built.schemaHash, migrated.schemaHash)
    assert.equal(reused.schemaHash, migrated.schemaHash)
    assert.equal(reused.schemaHash, await cloning.generateSchemaHash(second))

    const layers = await cloning.layers.for(first, { requireActive: true })
    const golden = await cloning.golden.manifest(layers)
    assert.deepEqual(golden.seeders, ['0001_template_seeder.ts'])
    for (const tenant of [first, second]) {
      await tenant.refresh()
      // The per-template row was written in the golden; the per-tenant one in the tenant's copy.
      assert.deepEqual(await thingsOf(tenant), {
        template: golden.database,
        tenant: tenant.dbName,
      })
    }
    await byMigrations.refresh()
    assert.deepEqual(await thingsOf(byMigrations), {
      template: byMigrations.dbName,
      tenant: byMigrations.dbName,
    })
  })

  test('changing a per-template seeder’s input gives a new golden', async ({ assert }) => {
    const probe = await fixtures.tenant(template)
    const layers = await cloning.layers.for(probe, { requireActive: true })
    const before = await cloning.golden.manifest(layers)
    await fixtures.write('data/rows.json', '["v2"]')
    const after = await cloning.golden.manifest(layers)
    assert.notEqual(after.key, before.key)
    const result = await cloning.provision(probe)
    assert.equal(result.method, 'clone', result.fallbackReason)
    await probe.refresh()
    const things = await thingsOf(probe)
    assert.equal(things.template, after.database)
  })
})
