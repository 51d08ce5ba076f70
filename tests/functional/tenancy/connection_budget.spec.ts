import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'
import tenancyConfig from '#config/tenancy'
import Tenant from '#models/landlord/tenant'
import TenantTemplate from '#models/landlord/tenant_template'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { AdminConnections } from '#tenancy/admin_connections'
import { AdvisoryLock } from '#tenancy/advisory_lock'
import { warnWhenConnectionsExceedServer } from '#tenancy/connection_capacity'
import { checkTenantConnectionCapacity } from '#providers/tenancy_provider'
import { TenantConnectionManager } from '#tenancy/connection_manager'
import { DatabaseServer } from '#tenancy/database_server'
import { TenantConnectionLimitException } from '#tenancy/exceptions'
import { LayeredMigrator } from '#tenancy/layered_migrator'
import { quoteIdentifier, tenantMark } from '#tenancy/naming'
import { TenancyManager } from '#tenancy/tenancy_manager'
import { TenantProvisioner } from '#tenancy/tenant_provisioner'
import { TenancyFixtures, randomSuffix, sleep } from '#tests/helpers/tenancy'

const ROOT = process.env.TENANT_ROOT_DOMAIN ?? 'sangathan.test'
const TENANTS = 60

/**
 * Samples pg_stat_activity every few milliseconds until stopped and keeps
 * the highest count of backends matching the condition.
 */
function sampleBackends(where: string, bindings: string[]) {
  let running = true
  let max = 0
  let samples = 0
  const done = (async () => {
    while (running) {
      const result = await db
        .connection('landlord')
        .rawQuery(`select count(*)::int as total from pg_stat_activity where ${where}`, bindings)
      max = Math.max(max, result.rows[0].total)
      samples++
      await sleep(3)
    }
  })()
  return async () => {
    running = false
    await done
    return { max, samples }
  }
}

/** Runs fn over items, at most `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>) {
  const queue = [...items]
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item)
    })
  )
}

/**
 * Sixty active tenants, each with its own small database holding the one
 * table the portal's home page reads. The databases are clones of one seed
 * database (CREATE DATABASE ... TEMPLATE), made ten at a time through a
 * fixture-only maintenance budget.
 */
test.group('Tenant connection budget | sixty tenants', (group) => {
  const suffix = randomSuffix()
  const prefix = `${tenancyConfig.databasePrefix}b${suffix}_`
  const seedName = `${prefix}seed`
  const fixtureAdmin = new AdminConnections({
    size: 10,
    acquireTimeoutMs: 60_000,
    applicationName: `fixture-${suffix}`,
  })
  const server = tenancy.connections.options.defaultServer
  const tenants: Tenant[] = []
  let template: TenantTemplate

  const onServer = (sql: string, database = 'postgres') =>
    fixtureAdmin.withClient({ ...server, database }, (client) => client.query(sql))

  group.setup(async () => {
    await onServer(`create database ${quoteIdentifier(seedName)}`)
    await onServer(
      `create table parties (id serial primary key, name_translations jsonb,
        description_translations jsonb, headquarters text, phone text, email text, website text);
       insert into parties (name_translations, description_translations)
         values ('{"en": "Budget Party"}', '{"en": "One of sixty"}')`,
      seedName
    )
    template = await TenantTemplate.create({
      name: `test_tpl_${suffix}`,
      displayName: 'Budget template',
      isActive: true,
      config: {},
    })
    const names = Array.from({ length: TENANTS }, (_, index) => `${prefix}${index}`)
    await inBatches(names, 10, (name) =>
      onServer(`create database ${quoteIdentifier(name)} template ${quoteIdentifier(seedName)}`)
    )
    tenants.push(
      ...(await Tenant.createMany(
        names.map((dbName, index) => ({
          slug: `bud-${suffix}-${index}`,
          name: `Budget tenant ${index}`,
          templateId: template.id,
          status: 'active' as const,
          dbHost: server.host,
          dbPort: server.port,
          dbName,
        }))
      ))
    )
  })

  group.teardown(async () => {
    await inBatches([...tenants.map((tenant) => tenant.dbName!), seedName], 10, (name) =>
      onServer(`drop database if exists ${quoteIdentifier(name)} with (force)`)
    )
    await Tenant.query()
      .whereIn(
        'id',
        tenants.map((tenant) => tenant.id)
      )
      .delete()
    await template?.delete()
  })

  const tenantBackends = () => sampleBackends('starts_with(datname, ?)', [prefix])

  test('200 concurrent runs over 60 tenants never hold more than 8 connections', async ({
    assert,
  }) => {
    const manager = new TenantConnectionManager(db, {
      ...tenancy.connections.options,
      // These tenants are reached with the landlord's role on purpose (cheap clones).
      warn: undefined,
      maxConnections: 8,
      acquireTimeoutMs: 20_000,
    })
    const small = new TenancyManager(db, manager)
    const stop = tenantBackends()
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, index) =>
          small.run(tenants[(index * 7) % TENANTS], async () => {
            const result = await small
              .db()
              .rawQuery('select current_database() as name, pg_sleep(0.02)')
            return result.rows[0].name as string
          })
        )
      )
      const { max, samples } = await stop()

      const failures = results.filter((result) => result.status === 'rejected')
      assert.deepEqual(failures, [], 'with a long enough wait, every run gets its turn')
      assert.deepEqual(
        results.map((result) => (result.status === 'fulfilled' ? result.value : null)),
        Array.from({ length: 200 }, (_, index) => tenants[(index * 7) % TENANTS].dbName),
        'each run queried its own tenant database'
      )
      assert.isAtLeast(samples, 5)
      assert.isAtMost(max, 8, `pg_stat_activity showed ${max} tenant backends`)
      assert.isAtLeast(max, 2)
      assert.equal(manager.stats().peakOpen, 8)
    } finally {
      await stop()
      await manager.closeAll()
    }
  })

  test('200 concurrent portal requests over 60 tenants: 200 or 503, never more than 8 backends', async ({
    assert,
    client,
  }) => {
    const manager = new TenantConnectionManager(db, {
      ...tenancy.connections.options,
      // These tenants are reached with the landlord's role on purpose (cheap clones).
      warn: undefined,
      maxConnections: 8,
      acquireTimeoutMs: 3_000,
    })
    const small = new TenancyManager(db, manager)
    app.container.swap(TenancyManager, () => small)
    const stop = tenantBackends()
    try {
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          client.get('/').header('Host', `${tenants[(index * 11) % TENANTS].slug}.${ROOT}`)
        )
      )
      const { max } = await stop()

      const statuses = responses.map((response) => response.status())
      assert.deepEqual(
        statuses.filter((status) => status !== 200 && status !== 503),
        [],
        'every request either succeeds or is told the portal is busy'
      )
      const ok = responses.filter((response) => response.status() === 200)
      assert.isAtLeast(ok.length, 1)
      for (const response of ok) assert.include(response.text(), 'Budget Party')
      assert.isAtMost(max, 8, `pg_stat_activity showed ${max} tenant backends`)
      assert.isAtMost(manager.stats().peakOpen, 8)
    } finally {
      app.container.restore(TenancyManager)
      await stop()
      await manager.closeAll()
    }
  }).timeout(60_000)

  test('a portal request that finds every connection busy gets a 503 busy page, then works again', async ({
    assert,
    client,
  }) => {
    const manager = new TenantConnectionManager(db, {
      ...tenancy.connections.options,
      // These tenants are reached with the landlord's role on purpose (cheap clones).
      warn: undefined,
      maxConnections: 1,
      acquireTimeoutMs: 200,
    })
    const small = new TenancyManager(db, manager)
    app.container.swap(TenancyManager, () => small)
    try {
      const held = await manager.acquire(tenants[0])
      const busy = await client.get('/').header('Host', `${tenants[1].slug}.${ROOT}`)
      busy.assertStatus(503)
      assert.equal(busy.header('retry-after'), '5')
      assert.include(busy.text(), 'The portal is busy')
      assert.notInclude(busy.text(), 'Budget Party')

      const nepali = await client
        .get('/')
        .header('Host', `${tenants[1].slug}.${ROOT}`)
        .header('Accept-Language', 'ne')
      nepali.assertStatus(503)
      assert.include(nepali.text(), 'पोर्टल व्यस्त छ')

      manager.release(held)
      const served = await client.get('/').header('Host', `${tenants[1].slug}.${ROOT}`)
      served.assertStatus(200)
      assert.include(served.text(), 'Budget Party')
    } finally {
      app.container.restore(TenancyManager)
      await manager.closeAll()
    }
  })

  test('CREATE/DROP DATABASE, locks and migrations share a hard maintenance budget of 2', async ({
    assert,
  }) => {
    const applicationName = `budtest${suffix}`
    const manager = new TenantConnectionManager(db, {
      ...tenancy.connections.options,
      // These tenants are reached with the landlord's role on purpose (cheap clones).
      warn: undefined,
      adminConnections: 2,
      applicationName,
    })
    const admin = manager.admin
    const fixtures = new TenancyFixtures()
    const stop = sampleBackends('application_name = ?', [admin.options.applicationName])
    const scratch = Array.from({ length: 3 }, (_, index) => `${prefix}adm${index}`)
    const mark = tenantMark(randomUUID())
    try {
      await fixtures.write(
        'slow/0001_slow.ts',
        `import { BaseSchema } from '@adonisjs/lucid/schema'
export default class extends BaseSchema {
  async up() {
    this.schema.raw('select pg_sleep(0.2)')
  }
  async down() {}
}
`
      )
      const layer = {
        type: 'basic' as const,
        owner: null,
        key: 'basic',
        path: `${fixtures.root}/slow`,
        trackingTable: `slow_${suffix}`,
      }
      const migrator = new LayeredMigrator(db, app, manager)
      const databaseServer = new DatabaseServer(manager.serverFor(tenants[0]), admin)
      const lock = new AdvisoryLock(provisioner.options.landlord, 424242, admin)

      const work = await Promise.allSettled([
        ...scratch.map((name) =>
          databaseServer.createOwned(name, { owner: provisioner.options.landlord.user, mark })
        ),
        databaseServer.list(prefix),
        lock.tryWith(1, () => sleep(200)),
        ...tenants.slice(0, 3).map((tenant) => migrator.up(tenant, layer)),
      ])
      await Promise.all(scratch.map((name) => databaseServer.dropOwned(name, mark)))
      const { max, samples } = await stop()

      assert.deepEqual(
        work.filter((result) => result.status === 'rejected'),
        []
      )
      for (const result of work.slice(-3)) {
        const run = (result as PromiseFulfilledResult<{ applied: unknown[] }>).value
        assert.lengthOf(run.applied, 1)
      }
      assert.isAtLeast(samples, 5)
      assert.isAtMost(max, 2, `pg_stat_activity showed ${max} maintenance connections`)
      assert.isAtLeast(max, 1)
      assert.deepInclude(admin.stats(), { size: 2, inUse: 0, peak: 2 })
      for (const name of scratch) {
        assert.isFalse(await new DatabaseServer(manager.serverFor(tenants[0]), admin).exists(name))
      }
    } finally {
      await stop()
      await fixtures.cleanup()
      await manager.closeAll()
    }
  }).timeout(60_000)

  test('a maintenance operation that waits too long fails with E_TENANT_CONNECTION_LIMIT', async ({
    assert,
  }) => {
    const manager = new TenantConnectionManager(db, {
      ...tenancy.connections.options,
      // These tenants are reached with the landlord's role on purpose (cheap clones).
      warn: undefined,
      adminConnections: 2,
      adminAcquireTimeoutMs: 100,
    })
    const databaseServer = new DatabaseServer(manager.serverFor(tenants[0]), manager.admin)
    const releases = [await manager.admin.slots.acquire(), await manager.admin.slots.acquire()]
    const error = await databaseServer.exists(seedName).catch((reason) => reason)
    assert.instanceOf(error, TenantConnectionLimitException)
    for (const release of releases) release()
    assert.isTrue(await databaseServer.exists(seedName))
  })
})

test.group('Tenant connection budget | provisioning', (group) => {
  let fixtures: TenancyFixtures

  group.each.setup(() => {
    fixtures = new TenancyFixtures()
    return () => fixtures.cleanup()
  })

  test('three provisionings at once under a maintenance budget of 2 all finish (no deadlock)', async ({
    assert,
  }) => {
    const manager = new TenantConnectionManager(db, {
      ...tenancy.connections.options,
      // These tenants are reached with the landlord's role on purpose (cheap clones).
      warn: undefined,
      adminConnections: 2,
    })
    const small = new TenancyManager(db, manager)
    const local = new TenantProvisioner(db, app, emitter, small, fixtures.provisionerOptions)
    try {
      await fixtures.copyBasicLayer()
      const template = await fixtures.template()
      const pending = await Promise.all([0, 1, 2].map(() => fixtures.tenant(template)))
      const results = await Promise.allSettled(pending.map((tenant) => local.provision(tenant)))
      assert.deepEqual(
        results.map((result) => result.status),
        ['fulfilled', 'fulfilled', 'fulfilled']
      )
      for (const tenant of pending) {
        await tenant.refresh()
        assert.equal(tenant.status, 'active')
      }
      assert.deepInclude(manager.admin.stats(), { peak: 2, inUse: 0, locks: 0 })
      // The tenant's lock is held on a landlord pool connection, not a maintenance one.
      assert.equal(manager.admin.lockPermits.stats().peak, 0)
    } finally {
      await manager.closeAll()
    }
  }).timeout(60_000)
})

test.group('Tenant connection budget | start-up check', () => {
  test('warns when the declared processes could exceed max_connections, silent when they fit', async ({
    assert,
  }) => {
    const settings = await db
      .connection('landlord')
      .rawQuery(`select setting::int as value from pg_settings where name = 'max_connections'`)
    const maxConnections: number = settings.rows[0].value
    const logged: string[] = []
    const logger = { warn: (message: string) => logged.push(message), debug: () => {} }
    const demand = { tenantConnections: 30, adminConnections: 3, landlordPoolMax: 10 }

    const fits = await warnWhenConnectionsExceedServer(db, logger, { ...demand, processes: 1 })
    assert.deepInclude(fits, { needed: 43, fits: true })
    assert.deepEqual(logged, [])

    const processes = Math.ceil(maxConnections / 43) + 1
    const over = await warnWhenConnectionsExceedServer(db, logger, { ...demand, processes })
    assert.deepInclude(over, { needed: processes * 43, fits: false })
    assert.lengthOf(logged, 1)
    assert.include(logged[0], `max_connections ${maxConnections}`)
    assert.include(logged[0], `APP_PROCESS_COUNT=${processes}`)
  })
  test('the app check reads its own budgets and names settings that are no longer read', async ({
    assert,
  }) => {
    const logged: string[] = []
    const logger = { warn: (message: string) => logged.push(message), debug: () => {} }
    const saved = app.config.get<string[]>('tenancy.deprecatedSettings')
    app.config.set('tenancy.deprecatedSettings', ['TENANT_DB_POOL_MAX'])
    try {
      const capacity = await checkTenantConnectionCapacity(app, logger)
      // .env.test: 4 tenant + 3 maintenance + landlord pool 10, for 2 processes.
      assert.deepInclude(capacity, { perProcess: 17, needed: 34 })
      assert.lengthOf(logged, 1)
      assert.match(logged[0], /^TENANT_DB_POOL_MAX is no longer read/)
    } finally {
      app.config.set('tenancy.deprecatedSettings', saved)
    }
  })
})
