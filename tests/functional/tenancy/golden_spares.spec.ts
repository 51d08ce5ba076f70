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
import { quoteIdentifier, tenantMark } from '#tenancy/naming'
import { SPARE_BUILDING_MARK_PREFIX, SPARE_MARK_PREFIX } from '#tenancy/golden_spares'
import { TenantProvisioner } from '#tenancy/tenant_provisioner'
import JobRun from '#models/landlord/job_run'
import { startWorker } from '#services/job_queue'
import { emptyQueues, waitForRun } from '#tests/helpers/queues'
import { dispatchProvisioning } from '#jobs/provision_tenant_job'
import { dispatchSpareRefill } from '#jobs/refill_spares_job'
import {
  TenancyFixtures,
  createTableMigration,
  databaseExists,
  randomSuffix,
  sleep,
  asServerAdmin,
} from '#tests/helpers/tenancy'

/**
 * A per-tenant seeder whose prepare() makes a token ahead (prepareAhead):
 * it writes the token and when it was made into `things`.
 */
const TOKEN_SEEDER = `import { randomUUID } from 'node:crypto'
import { BaseSeeder } from '@adonisjs/lucid/seeders'

export default class extends BaseSeeder {
  static prepareAhead = true
  static prepare = async (tenant?: { slug: string }) => ({
    token: randomUUID(),
    madeAt: Date.now(),
    forTenant: tenant?.slug ?? null,
  })
  declare prepared?: { token: string; madeAt: number; forTenant: string | null }

  async run() {
    await this.client.table('things').insert({
      name: 'token',
      colour: JSON.stringify(this.prepared),
    })
  }
}
`

async function historyOf(tenant: Tenant) {
  const rows = await TenantMigrationHistory.query()
    .where('tenant_id', tenant.id)
    .where('status', 'applied')
    .orderBy('id')
  return rows.map((row) => [row.name, row.migrationType, row.module, row.checksum, row.batch])
}

/** Comment on a database and on the role of the same name (undefined: no such one). */
async function marksOf(name: string) {
  return asServerAdmin('postgres', async (client) => {
    const result = await client.query(
      `select (select shobj_description(oid, 'pg_database') from pg_database where datname = $1) as database,
              (select shobj_description(oid, 'pg_authid') from pg_roles where rolname = $1) as role,
              exists (select 1 from pg_roles where rolname = $1) as "roleExists"`,
      [name]
    )
    return result.rows[0] as { database: string | null; role: string | null; roleExists: boolean }
  })
}

async function roleExists(name: string) {
  const marks = await marksOf(name)
  return marks.roleExists
}

const withoutBatch = (rows: unknown[][]) => rows.map((row) => row.slice(0, 4))

/** The token the token seeder wrote in a tenant's database. */
async function tokenOf(tenant: Tenant) {
  const row = await tenancy.run(tenant, () =>
    tenancy.db().from('things').where('name', 'token').first()
  )
  return JSON.parse(row.colour) as { token: string; madeAt: number; forTenant: string | null }
}

test.group('golden spares: copies made ahead for provisioning to take', (group) => {
  const fixtures = new TenancyFixtures()
  let template: TenantTemplate
  let module: TemplateModule
  /** Takes spares (one kept ready). */
  let sparing: TenantProvisioner
  /** Copies at provisioning (no spares). */
  let copying: TenantProvisioner
  let migrating: TenantProvisioner
  const prefix = `${provisioner.options.databasePrefix}_s_`

  group.setup(async () => {
    const set = await fixtures.goldenSet({ file: '0001_token_seeder.ts', source: TOKEN_SEEDER })
    ;({ template, module } = set)
    const options = { ...set.options, goldenTemplates: true }
    sparing = new TenantProvisioner(db, app, emitter, tenancy, { ...options, goldenSpares: 1 })
    copying = new TenantProvisioner(db, app, emitter, tenancy, { ...options, goldenSpares: 0 })
    migrating = new TenantProvisioner(db, app, emitter, tenancy, {
      ...options,
      goldenTemplates: false,
    })
    return async () => {
      try {
        await sparing.golden.prune()
      } finally {
        await fixtures.cleanup()
      }
    }
  })

  group.each.setup(async () => {
    // Each test starts without spares (a golden of its set may stay).
    await sparing.golden.spares.prune()
  })

  test('a party given a spare matches the migrations, owns everything in it and only it may connect', async ({
    assert,
  }) => {
    const byMigrations = await fixtures.tenant(template, { modules: [module] })
    const first = await fixtures.tenant(template, { modules: [module] })
    const party = await fixtures.tenant(template, { modules: [module] })

    const migrated = await migrating.provision(byMigrations)
    const built = await copying.provision(first)
    assert.equal(built.method, 'clone', built.fallbackReason)
    assert.isUndefined(built.spare)

    // What the queue worker runs after a provisioning.
    const refill = await sparing.prepareNext(first)
    assert.lengthOf(refill!.made, 1)
    assert.equal(refill!.ready, 1)
    const [spare] = refill!.made
    assert.isTrue(spare.startsWith(prefix), spare)
    // Full already: a second refill makes nothing.
    assert.deepEqual((await sparing.refillSpares(first))!.made, [])

    const taken = await sparing.provision(party)
    assert.equal(taken.method, 'clone', taken.fallbackReason)
    assert.equal(taken.spare, spare)
    assert.equal(taken.schemaHash, migrated.schemaHash)
    assert.deepEqual(taken.stats.layers, migrated.stats.layers)
    assert.deepEqual(
      withoutBatch(await historyOf(party)),
      withoutBatch(await historyOf(byMigrations))
    )

    await party.refresh()
    assert.equal(party.status, 'active')
    const role = party.dbUser!
    // The spare's names are gone; the party's database and role carry its mark.
    assert.isFalse(await databaseExists(party, spare))
    assert.deepEqual(await marksOf(spare), { database: null, role: null, roleExists: false })
    assert.deepEqual(await marksOf(party.dbName!), {
      database: tenantMark(party.uuid),
      role: tenantMark(party.uuid),
      roleExists: true,
    })
    const golden = await sparing.golden.manifest(await sparing.layers.for(party))
    const access = await asServerAdmin('postgres', async (client) => {
      const result = await client.query(
        `select pg_get_userbyid(datdba) as owner,
                has_database_privilege('public', oid, 'CONNECT') as "publicConnect",
                pg_has_role($2, $3, 'member') as "memberOfGoldenOwner"
           from pg_database where datname = $1`,
        [party.dbName, role, golden.owner]
      )
      return result.rows[0]
    })
    assert.deepEqual(access, { owner: role, publicConnect: false, memberOfGoldenOwner: false })
    const owners = await asServerAdmin(party.dbName!, async (client) => {
      const result = await client.query<{ owner: string }>(
        `select distinct pg_get_userbyid(relowner) as owner from pg_class c
           join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'
         union
         select distinct pg_get_userbyid(proowner) from pg_proc p
           join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'`
      )
      return result.rows.map((row) => row.owner)
    })
    assert.deepEqual(owners, [role])
    // The stored password is the role's new one: the party's own connection writes.
    await tenancy.run(party, () => tenancy.db().table('gadgets').insert({ name: 'x' }))
    assert.deepEqual(await sparing.golden.spares.ready(golden), [])
  }).timeout(120_000)

  test('with no spare ready it copies; a spare of a stale golden is never taken and goes with it, as spares do when turned off', async ({
    assert,
  }) => {
    const first = await fixtures.tenant(template, { modules: [module] })
    const copied = await sparing.provision(first)
    assert.equal(copied.method, 'clone', copied.fallbackReason)
    assert.isUndefined(copied.spare)

    const [stale] = (await sparing.refillSpares(first))!.made
    assert.isString(stale)
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      `${createTableMigration('things', ['colour'])}// edited ${randomSuffix()}\n`
    )
    const after = await fixtures.tenant(template, { modules: [module] })
    const rebuilt = await sparing.provision(after)
    assert.equal(rebuilt.method, 'clone', rebuilt.fallbackReason)
    assert.isUndefined(rebuilt.spare)
    // The new golden's build pruned the old key's spare, database and role.
    assert.isFalse(await databaseExists(after, stale))
    assert.isFalse(await roleExists(stale))
    // Spares turned off: the next refill drops those made before.
    const [made] = (await sparing.refillSpares(after))!.made
    const off = await copying.refillSpares(after)
    assert.deepEqual(off, { made: [], dropped: [made], ready: 0 })
    assert.isFalse(await databaseExists(after, made))
    const fresh = await sparing.golden.manifest(await sparing.layers.for(after))
    const history = await historyOf(after)
    const template0001 = history.find((row) => row[1] === 'template')!
    assert.equal(template0001[3], fresh.layers[1].migrations[0].checksum)
  }).timeout(120_000)

  test('refill drops half-made spares of its golden and spare roles without a database, never anything unmarked', async ({
    assert,
  }) => {
    const first = await fixtures.tenant(template, { modules: [module] })
    await copying.provision(first)
    const golden = await sparing.golden.manifest(await sparing.layers.for(first))
    const suffix = randomSuffix()
    const crashed = `${prefix}crashed_${suffix}`
    const orphanRole = `${prefix}orphan_${suffix}`
    const foreign = `${prefix}foreign_${suffix}`
    const otherGolden = `${prefix}other_${suffix}`
    const building = `${SPARE_BUILDING_MARK_PREFIX}${golden.setId}:${golden.key}`
    const ready = `${SPARE_MARK_PREFIX}${golden.setId}:${golden.key}`
    // A half-made spare of another golden: its own refill's business, left alone here.
    const otherBuilding = `${SPARE_BUILDING_MARK_PREFIX}${golden.setId}:${'0'.repeat(64)}`
    await asServerAdmin('postgres', async (client) => {
      await client.query(`create database ${crashed}`)
      await client.query(`comment on database ${crashed} is '${building}'`)
      await client.query(`create role ${crashed}; comment on role ${crashed} is '${building}'`)
      await client.query(`create role ${orphanRole}; comment on role ${orphanRole} is '${ready}'`)
      await client.query(`create database ${foreign}`)
      await client.query(`create role ${foreign}`)
      await client.query(`create database ${otherGolden}`)
      await client.query(`comment on database ${otherGolden} is '${otherBuilding}'`)
    })
    try {
      // What the queue worker runs after a provisioning.
      const refill = await sparing.prepareNext(first)
      assert.sameMembers(refill!.dropped, [crashed, orphanRole])
      assert.lengthOf(refill!.made, 1)
      assert.isFalse(await databaseExists(first, crashed))
      assert.isFalse(await roleExists(crashed))
      assert.isFalse(await roleExists(orphanRole))
      assert.isTrue(await databaseExists(first, foreign))
      assert.isTrue(await roleExists(foreign))
      assert.isTrue(await databaseExists(first, otherGolden))
      // prune drops spares only: the unmarked database and role stay.
      const pruned = await sparing.golden.spares.prune()
      assert.includeMembers(pruned, [...refill!.made, otherGolden])
      assert.notInclude(pruned, foreign)
      assert.isTrue(await databaseExists(first, foreign))
    } finally {
      await asServerAdmin('postgres', async (client) => {
        for (const name of [crashed, foreign, otherGolden]) {
          await client.query(`drop database if exists ${quoteIdentifier(name)}`)
        }
        for (const name of [crashed, orphanRole, foreign]) {
          await client.query(`drop role if exists ${quoteIdentifier(name)}`)
        }
      })
    }
  }).timeout(120_000)

  test('two provisionings at once and one spare: one takes it, the other copies', async ({
    assert,
  }) => {
    const first = await fixtures.tenant(template, { modules: [module] })
    await copying.provision(first)
    await sparing.refillSpares(first)
    const a = await fixtures.tenant(template, { modules: [module] })
    const b = await fixtures.tenant(template, { modules: [module] })
    const results = await Promise.all([sparing.provision(a), sparing.provision(b)])
    assert.lengthOf(
      results.filter((result) => result.spare),
      1
    )
    assert.deepEqual(
      results.map((result) => result.method),
      ['clone', 'clone']
    )
    assert.equal(results[0].schemaHash, results[1].schemaHash)
    await Promise.all([a.refresh(), b.refresh()])
    assert.notEqual(a.dbName, b.dbName)
    for (const tenant of [a, b]) {
      assert.equal(tenant.status, 'active')
      await tenancy.run(tenant, () => tenancy.db().table('gadgets').insert({ name: tenant.slug }))
    }
  }).timeout(120_000)

  test('a spare someone is connected to is passed over, and two refills at once make no extra', async ({
    assert,
  }) => {
    const first = await fixtures.tenant(template, { modules: [module] })
    await copying.provision(first)
    const golden = await sparing.golden.manifest(await sparing.layers.for(first))
    const refills = await Promise.all([
      sparing.golden.spares.refill(golden, 2),
      sparing.golden.spares.refill(golden, 2),
    ])
    assert.lengthOf(
      refills.filter((refill) => refill.busy),
      1
    )
    const spares = await sparing.golden.spares.ready(golden)
    assert.lengthOf(spares, 2)

    // Someone is on the first spare (by name order, the one a take would pick).
    const holder = new pg.Client({
      ...tenancy.connections.options.defaultServer,
      database: spares[0],
    })
    await holder.connect()
    try {
      const party = await fixtures.tenant(template, { modules: [module] })
      const result = await sparing.provision(party)
      assert.equal(result.spare, spares[1], result.fallbackReason)
      assert.deepEqual(await sparing.golden.spares.ready(golden), [spares[0]])
      // With only the busy one left, the next party is copied and the spare stays.
      const next = await fixtures.tenant(template, { modules: [module] })
      const copied = await sparing.provision(next)
      assert.equal(copied.method, 'clone', copied.fallbackReason)
      assert.isUndefined(copied.spare)
      assert.deepEqual(await sparing.golden.spares.ready(golden), [spares[0]])
    } finally {
      await holder.end()
    }
  }).timeout(120_000)

  test("a seeder's prepare() made ahead is taken by the next party, once", async ({ assert }) => {
    const first = await fixtures.tenant(template, { modules: [module] })
    await migrating.provision(first)
    await migrating.prepareNext(first)
    await sleep(5)
    const started = Date.now()
    const second = await fixtures.tenant(template, { modules: [module] })
    await migrating.provision(second)
    const third = await fixtures.tenant(template, { modules: [module] })
    await migrating.provision(third)

    const [made, secondToken, thirdToken] = [
      await tokenOf(first),
      await tokenOf(second),
      await tokenOf(third),
    ]
    // The second party's was made before its provisioning began; the third made its own.
    assert.isBelow(secondToken.madeAt, started)
    assert.isAtLeast(thirdToken.madeAt, started)
    assert.notEqual(secondToken.token, made.token)
    assert.notEqual(thirdToken.token, secondToken.token)
    // Made ahead for no party: never with the party provisioned before (first) in hand.
    assert.isNull(secondToken.forTenant)
    assert.equal(thirdToken.forTenant, third.slug)
  }).timeout(120_000)

  test('the provisioning job queues a refill-spares job, whose spare the next queued party takes', async ({
    assert,
  }) => {
    await emptyQueues()
    const original = await app.container.make('tenancy.provisioner')
    // The worker's jobs resolve the provisioner from the container: this one keeps a spare.
    app.container.bindValue('tenancy.provisioner', sparing)
    const worker = startWorker()
    try {
      const first = await fixtures.tenant(template, { modules: [module] })
      const provisioned = await dispatchProvisioning(first.id)
      const run = await waitForRun(provisioned.runId)
      assert.equal(run.status, 'completed', run.error ?? '')
      assert.notProperty(run.result as object, 'spare')

      const refill = await waitForRun(async () =>
        JobRun.query()
          .where('name', 'refill-spares')
          .whereRaw(`payload->>'fromTenantId' = ?`, [String(first.id)])
          .first()
      )
      assert.equal(refill.status, 'completed', refill.error ?? '')
      assert.deepEqual(refill.result, { made: 1, dropped: 0, ready: 1 })
      const golden = await sparing.golden.manifest(await sparing.layers.for(first))
      const [spare] = await sparing.golden.spares.ready(golden)
      assert.isTrue(spare?.startsWith(prefix), spare)

      const second = await fixtures.tenant(template, { modules: [module] })
      const queued = await dispatchProvisioning(second.id)
      const next = await waitForRun(queued.runId)
      assert.equal(next.status, 'completed', next.error ?? '')
      assert.equal((next.result as { spare?: string }).spare, spare)
      await second.refresh()
      assert.equal(second.status, 'active')

      // A refill for a party that is not active does nothing.
      const pending = await fixtures.tenant(template, { modules: [module] })
      const refillQueued = await dispatchSpareRefill(pending.id)
      const skipped = await waitForRun(refillQueued.runId)
      assert.deepEqual(skipped.result, { skipped: 'the party is not active' })
    } finally {
      await worker.close()
      app.container.bindValue('tenancy.provisioner', original)
    }
  }).timeout(120_000)
})
