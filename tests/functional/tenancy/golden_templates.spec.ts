import { test } from '@japa/runner'
import pg from 'pg'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/landlord/tenant'
import type TenantTemplate from '#models/landlord/tenant_template'
import type TemplateModule from '#models/landlord/template_module'
import TenantMigrationHistory from '#models/landlord/tenant_migration_history'
import provisioner from '#tenancy/services/provisioner'
import tenancy from '#tenancy/services/tenancy'
import { quoteIdentifier } from '#tenancy/naming'
import { TenantProvisioner } from '#tenancy/tenant_provisioner'
import {
  TenancyFixtures,
  createTableMigration,
  databaseExists,
  randomSuffix,
  asServerAdmin,
} from '#tests/helpers/tenancy'

const THINGS_SEEDER = `import { BaseSeeder } from '@adonisjs/lucid/seeders'

export default class extends BaseSeeder {
  async run() {
    const found = await this.client.from('things').where('name', 'seeded').first()
    if (!found) await this.client.table('things').insert({ name: 'seeded' })
  }
}
`

/** A tenant's history rows as the two paths must both record them. */
async function historyOf(tenant: Tenant) {
  const rows = await TenantMigrationHistory.query()
    .where('tenant_id', tenant.id)
    .where('status', 'applied')
    .orderBy('id')
  return rows.map((row) => ({
    name: row.name,
    type: row.migrationType,
    module: row.module,
    checksum: row.checksum,
    batch: row.batch,
  }))
}

/**
 * A real basic layer, a test template and a module, provisioned by
 * migrations (golden templates off) and by clones of a golden database.
 */
test.group('golden template databases', (group) => {
  const fixtures = new TenancyFixtures()
  let template: TenantTemplate
  let module: TemplateModule
  let cloning: TenantProvisioner
  let migrating: TenantProvisioner

  group.setup(async () => {
    const set = await fixtures.goldenSet({ file: '0001_things_seeder.ts', source: THINGS_SEEDER })
    ;({ template, module } = set)
    const options = set.options
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

  test('a clone gives the same schema hash, history and seed data as the migrations, owned by the tenant role', async ({
    assert,
  }) => {
    const byMigrations = await fixtures.tenant(template, { modules: [module] })
    const first = await fixtures.tenant(template, { modules: [module] })
    const second = await fixtures.tenant(template, { modules: [module] })

    const migrated = await migrating.provision(byMigrations)
    assert.equal(migrated.method, 'migrations')
    const built = await cloning.provision(first)
    assert.equal(built.method, 'clone', built.fallbackReason)
    const reused = await cloning.provision(second)
    assert.equal(reused.method, 'clone', reused.fallbackReason)

    assert.equal(built.schemaHash, migrated.schemaHash)
    assert.equal(reused.schemaHash, migrated.schemaHash)
    assert.deepEqual(built.stats.layers, migrated.stats.layers)
    assert.equal(built.stats.migrations, migrated.stats.migrations)

    const expected = await historyOf(byMigrations)
    assert.isAbove(expected.length, 4)
    assert.deepEqual(await historyOf(first), expected)
    assert.deepEqual(await historyOf(second), expected)
    assert.includeDeepMembers(
      expected.map((row) => [row.type, row.module]),
      [
        ['basic', null],
        ['template', null],
        ['module', module.name],
      ]
    )

    for (const tenant of [first, second]) {
      await tenant.refresh()
      const role = tenant.dbUser!
      assert.isString(role)
      const foreign = await asServerAdmin(tenant.dbName!, async (client) => {
        const result = await client.query(
          `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relowner <> (select oid from pg_roles where rolname = $1)
           union all
           select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public' and p.proowner <> (select oid from pg_roles where rolname = $1)`,
          [role]
        )
        return result.rows.map((row) => row.relname)
      })
      assert.deepEqual(foreign, [])
      const owner = await asServerAdmin('postgres', async (client) => {
        const result = await client.query(
          `select pg_get_userbyid(datdba) as owner from pg_database where datname = $1`,
          [tenant.dbName]
        )
        return result.rows[0].owner
      })
      assert.equal(owner, role)
      const things = await tenancy.run(tenant, () => tenancy.db().from('things').select('name'))
      assert.deepEqual(
        things.map((row) => row.name),
        ['seeded']
      )
      // The tenant's own role can write to what it owns.
      await tenancy.run(tenant, () => tenancy.db().table('gadgets').insert({ name: 'x' }))
    }
  }).timeout(120_000)

  test("a golden's objects belong to the golden owner role, which owns nothing outside goldens", async ({
    assert,
  }) => {
    const first = await fixtures.tenant(template, { modules: [module] })
    const second = await fixtures.tenant(template, { modules: [module] })
    for (const tenant of [first, second]) {
      const result = await cloning.provision(tenant)
      assert.equal(result.method, 'clone', result.fallbackReason)
    }
    const golden = await cloning.golden.manifest(await cloning.layers.for(first))
    const landlordRole = tenancy.connections.options.defaultServer.user

    const found = await asServerAdmin('postgres', async (client) => {
      const role = await client.query(
        `select rolcanlogin as login, shobj_description(oid, 'pg_authid') as mark
           from pg_roles where rolname = $1`,
        [golden.owner]
      )
      const database = await client.query(
        `select pg_get_userbyid(datdba) as owner from pg_database where datname = $1`,
        [golden.database]
      )
      // Everything the golden owner owns, anywhere on the server (dbid 0: shared objects).
      const owned = await client.query(
        `select coalesce(d.datname, '(shared)') as database, count(*)::int as objects
           from pg_shdepend s left join pg_database d on d.oid = s.dbid
          where s.refobjid = (select oid from pg_roles where rolname = $1) and s.deptype = 'o'
          group by 1`,
        [golden.owner]
      )
      // A tenant role is a member of the golden owner only for its clone's REASSIGN OWNED.
      const members = await client.query(
        `select pg_get_userbyid(member) as member from pg_auth_members
          where roleid = (select oid from pg_roles where rolname = $1)`,
        [golden.owner]
      )
      return {
        role: role.rows[0],
        database: database.rows[0],
        owned: owned.rows,
        members: members.rows.map((row) => row.member),
      }
    })
    assert.deepEqual(found.members, [landlordRole])
    assert.deepEqual(found.role, { login: false, mark: 'sangathan:golden-owner' })
    // The golden itself stays the landlord's: REASSIGN OWNED in a clone never moves it.
    assert.equal(found.database.owner, landlordRole)
    // Only objects inside golden databases (this one, maybe another spec's), no shared object.
    const goldenPrefix = `${provisioner.options.databasePrefix}_g_`
    for (const row of found.owned)
      assert.isTrue(row.database.startsWith(goldenPrefix), row.database)
    const inThisGolden = found.owned.find((row) => row.database === golden.database)
    assert.isAbove(inThisGolden?.objects ?? 0, 3)

    // The clones hold nothing of the golden owner's (nor the landlord's) any more.
    for (const tenant of [first, second]) {
      await tenant.refresh()
      const owners = await asServerAdmin(tenant.dbName!, async (client) => {
        const result = await client.query<{ owner: string }>(
          `select distinct pg_get_userbyid(relowner) as owner from pg_class c
             join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'
           union
           select distinct pg_get_userbyid(typowner) from pg_type t
             join pg_namespace n on n.oid = t.typnamespace
            where n.nspname = 'public' and t.typtype in ('e', 'd', 'r')`
        )
        return result.rows.map((row) => row.owner)
      })
      assert.deepEqual(owners, [tenant.dbUser])
    }
  }).timeout(120_000)

  test('a changed migration builds a new golden and drops the stale one', async ({ assert }) => {
    const before = await fixtures.tenant(template, { modules: [module] })
    const result = await cloning.provision(before)
    assert.equal(result.method, 'clone')
    const layers = await cloning.layers.for(before)
    const stale = await cloning.golden.manifest(layers)

    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      `${createTableMigration('things', ['colour'])}// edited ${randomSuffix()}\n`
    )
    const fresh = await cloning.golden.manifest(layers)
    assert.notEqual(fresh.key, stale.key)
    assert.notEqual(fresh.database, stale.database)

    const after = await fixtures.tenant(template, { modules: [module] })
    const rebuilt = await cloning.provision(after)
    assert.equal(rebuilt.method, 'clone', rebuilt.fallbackReason)
    assert.isTrue(await databaseExists(after, fresh.database))
    assert.isFalse(await databaseExists(after, stale.database))
    const history = await historyOf(after)
    const checksums = history.filter((row) => row.type === 'template')
    assert.equal(checksums[0].checksum, fresh.layers[1].migrations[0].checksum)
    assert.notEqual(checksums[0].checksum, stale.layers[1].migrations[0].checksum)
  }).timeout(120_000)

  test('a vanished golden is rebuilt; one that cannot be copied falls back to the migrations', async ({
    assert,
  }) => {
    const probe = await fixtures.tenant(template, { modules: [module] })
    const golden = await cloning.golden.manifest(await cloning.layers.for(probe))
    await cloning.provision(probe)
    assert.isTrue(await databaseExists(probe, golden.database))

    await asServerAdmin('postgres', async (client) => {
      const name = quoteIdentifier(golden.database)
      await client.query(`alter database ${name} with is_template false`)
      await client.query(`drop database ${name}`)
    })
    const afterDrop = await fixtures.tenant(template, { modules: [module] })
    const rebuilt = await cloning.provision(afterDrop)
    assert.equal(rebuilt.method, 'clone', rebuilt.fallbackReason)
    assert.isTrue(await databaseExists(afterDrop, golden.database))

    // Someone connected to the golden database: PostgreSQL refuses to copy it.
    await asServerAdmin('postgres', (client) =>
      client.query(`alter database ${quoteIdentifier(golden.database)} with allow_connections true`)
    )
    const holder = new pg.Client({
      ...tenancy.connections.options.defaultServer,
      database: golden.database,
    })
    await holder.connect()
    try {
      const blocked = await fixtures.tenant(template, { modules: [module] })
      const fallback = await cloning.provision(blocked)
      assert.equal(fallback.method, 'migrations')
      assert.include(fallback.fallbackReason, 'being accessed by other users')
      assert.equal(fallback.schemaHash, rebuilt.schemaHash)
      const pairs = (rows: Awaited<ReturnType<typeof historyOf>>) =>
        rows.map((row) => [row.name, row.checksum])
      assert.deepEqual(pairs(await historyOf(blocked)), pairs(await historyOf(afterDrop)))
    } finally {
      await holder.end()
      await asServerAdmin('postgres', (client) =>
        client.query(
          `alter database ${quoteIdentifier(golden.database)} with allow_connections false`
        )
      )
    }
  }).timeout(120_000)

  test('prune drops golden databases only, never an unmarked one under the golden prefix', async ({
    assert,
  }) => {
    const probe = await fixtures.tenant(template, { modules: [module] })
    await cloning.provision(probe)
    const golden = await cloning.golden.manifest(await cloning.layers.for(probe))
    const foreign = `${provisioner.options.databasePrefix}_g_foreign_${randomSuffix()}`
    await asServerAdmin('postgres', (client) => client.query(`create database ${foreign}`))
    try {
      const dropped = await cloning.golden.prune()
      assert.include(dropped, golden.database)
      assert.notInclude(dropped, foreign)
      assert.isTrue(await databaseExists(probe, foreign))
      assert.isFalse(await databaseExists(probe, golden.database))
    } finally {
      await asServerAdmin('postgres', (client) =>
        client.query(`drop database if exists ${foreign}`)
      )
    }
  }).timeout(120_000)

  test("a clone applies the tenant's custom layer on top and records it", async ({ assert }) => {
    const tenant = await fixtures.tenant(template, { modules: [module] })
    await fixtures.write(
      `custom/${tenant.slug}/0001_create_extras_table.ts`,
      createTableMigration('extras')
    )
    const result = await cloning.provision(tenant)
    assert.equal(result.method, 'clone', result.fallbackReason)
    assert.equal(result.stats.layers.custom, 1)
    const history = await historyOf(tenant)
    const custom = history.filter((row) => row.type === 'custom')
    assert.lengthOf(custom, 1)
    assert.match(custom[0].name, /0001_create_extras_table$/)
    const tables = await tenancy.run(tenant, () =>
      tenancy.db().rawQuery(`select to_regclass('public.extras') as found`)
    )
    assert.equal(tables.rows[0].found, 'extras')
  }).timeout(120_000)
})
