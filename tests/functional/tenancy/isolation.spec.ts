import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import { TenantBaseModel } from '#tenancy/tenant_model'
import { TenancyManager } from '#tenancy/tenancy_manager'
import { TenantConnectionManager } from '#tenancy/connection_manager'
import { MissingTenantContextException, TenantConnectionLimitException } from '#tenancy/exceptions'
import {
  TenancyFixtures,
  createTableMigration,
  sleep,
  tenantDatabaseName,
} from '#tests/helpers/tenancy'

/**
 * A tenant model, as party features define them: no connection of its own.
 */
class Person extends TenantBaseModel {
  static table = 'users'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare fullName: string

  @column()
  declare email: string

  @column({ serializeAs: null })
  declare password: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}

const USERS_TABLE = `create table users (
  id serial primary key,
  full_name text not null,
  email text not null unique,
  password text not null,
  created_at timestamptz not null
)`

async function emailsOf(tenant: Tenant) {
  return tenancy.run(tenant, async () => {
    const rows = await tenancy.db().from('users').select('email').orderBy('email')
    return rows.map((row: { email: string }) => row.email)
  })
}

test.group('Tenant isolation', (group) => {
  let fixtures: TenancyFixtures

  group.each.setup(() => {
    fixtures = new TenancyFixtures()
    return () => fixtures.cleanup()
  })

  test('two tenants provisioned concurrently both end active, each with only its own rows', async ({
    assert,
  }) => {
    await fixtures.copyBasicLayer()
    const template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things')
    )
    const a = await fixtures.tenant(template)
    const b = await fixtures.tenant(template)

    const [ra, rb] = await Promise.all([
      fixtures.provisioner.provision(a),
      fixtures.provisioner.provision(b),
    ])
    assert.equal(ra.tenant.status, 'active')
    assert.equal(rb.tenant.status, 'active')
    await a.refresh()
    await b.refresh()
    assert.equal(a.status, 'active')
    assert.equal(b.status, 'active')
    assert.equal(a.dbName, tenantDatabaseName(a.slug))
    assert.equal(b.dbName, tenantDatabaseName(b.slug))
    assert.equal(ra.schemaHash, rb.schemaHash, 'same layers, same schema')

    for (const tenant of [a, b]) {
      await tenancy.run(tenant, () =>
        tenancy
          .db()
          .table('users')
          .insert({
            full_name: `Marker ${tenant.slug}`,
            email: `marker@${tenant.slug}.test`,
            password: 'x',
            created_at: new Date(),
          })
      )
    }
    assert.deepEqual(await emailsOf(a), [`marker@${a.slug}.test`])
    assert.deepEqual(await emailsOf(b), [`marker@${b.slug}.test`])
  })

  test('interleaved async work on two tenants keeps each in its own database', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const a = await fixtures.bareTenant(template)
    const b = await fixtures.bareTenant(template)
    for (const tenant of [a, b]) {
      await tenancy.run(tenant, () => tenancy.db().rawQuery(USERS_TABLE))
    }

    const steps: string[] = []
    // Each side waits for the other's writes before it reads, so the two units of
    // work overlap by construction, not by timing.
    const wrote = new Map<number, () => void>()
    const written = (tenant: Tenant) =>
      new Promise<void>((resolve) => wrote.set(tenant.id, resolve))
    const aWrote = written(a)
    const bWrote = written(b)
    const work = (tenant: Tenant, other: Promise<void>) =>
      tenancy.run(tenant, async () => {
        await sleep(5)
        await tenancy
          .db()
          .table('users')
          .insert({
            full_name: 'Raw',
            email: `raw@${tenant.slug}.test`,
            password: 'x',
            created_at: new Date(),
          })
        steps.push(`${tenant.slug}:insert`)
        const viaModel = await Person.create({
          fullName: 'Model',
          email: `model@${tenant.slug}.test`,
          password: 'x',
        })
        steps.push(`${tenant.slug}:model`)
        wrote.get(tenant.id)!()
        await other
        assert.equal(tenancy.currentOrFail().id, tenant.id)
        const people = await Person.query().orderBy('email')
        const database = await tenancy.db().rawQuery('select current_database() as name')
        steps.push(`${tenant.slug}:read`)
        return {
          emails: people.map((person) => person.email),
          created: viaModel.id,
          database: database.rows[0].name as string,
        }
      })

    const [ra, rb] = await Promise.all([work(a, bWrote), work(b, aWrote)])

    // The two units of work really overlapped: each wrote before the other read.
    const at = (step: string) => steps.indexOf(step)
    assert.lengthOf(steps, 6)
    assert.isBelow(at(`${b.slug}:insert`), at(`${a.slug}:read`))
    assert.isBelow(at(`${a.slug}:insert`), at(`${b.slug}:read`))
    assert.isBelow(at(`${b.slug}:model`), at(`${a.slug}:read`))
    assert.deepEqual(ra.emails, [`model@${a.slug}.test`, `raw@${a.slug}.test`])
    assert.deepEqual(rb.emails, [`model@${b.slug}.test`, `raw@${b.slug}.test`])
    assert.equal(ra.database, a.dbName)
    assert.equal(rb.database, b.dbName)
    assert.deepEqual(await emailsOf(a), ra.emails)
    assert.deepEqual(await emailsOf(b), rb.emails)
  })

  test('a tenant model or tenancy.db() outside any tenant context throws, never uses the landlord', async ({
    assert,
  }) => {
    assert.isUndefined(tenancy.current())

    for (const attempt of [
      () => Person.all(),
      () => Person.query().where('id', 1).first(),
      () => Person.create({ fullName: 'X', email: 'x@x.test', password: 'x' }),
      async () => tenancy.db().from('users'),
      async () => tenancy.currentOrFail(),
    ]) {
      try {
        await attempt()
        assert.fail('expected a MissingTenantContextException')
      } catch (error) {
        assert.instanceOf(error, MissingTenantContextException)
        assert.equal((error as MissingTenantContextException).code, 'E_MISSING_TENANT_CONTEXT')
      }
    }

    // A tenant model cannot be pointed at another connection either.
    assert.throws(() => {
      ;(Person as unknown as { connection: string }).connection = 'landlord'
    })
  })

  test('the context survives timers and nesting, and is gone after run()', async ({ assert }) => {
    const template = await fixtures.template()
    const a = await fixtures.bareTenant(template)
    const b = await fixtures.bareTenant(template)

    const seen = await tenancy.run(a, async () => {
      const fromTimer = await new Promise<number | undefined>((resolve) =>
        setTimeout(() => resolve(tenancy.current()?.id), 5)
      )
      const nested = await tenancy.run(b, async () => {
        await sleep(5)
        return tenancy.current()?.id
      })
      const after = tenancy.current()?.id
      const database = await tenancy.db().rawQuery('select current_database() as name')
      return { fromTimer, nested, after, database: database.rows[0].name }
    })

    assert.deepEqual(seen, { fromTimer: a.id, nested: b.id, after: a.id, database: a.dbName })
    assert.isUndefined(tenancy.current())
  })
})

test.group('Tenant connection cap', (group) => {
  let fixtures: TenancyFixtures

  group.each.setup(() => {
    fixtures = new TenancyFixtures()
    return () => fixtures.cleanup()
  })

  test('12 tenants queried at once never hold more physical connections than the budget', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const tenants: Tenant[] = []
    // Created in small batches: CREATE DATABASE copies template1 each time.
    for (let i = 0; i < 12; i += 4) {
      tenants.push(...(await Promise.all([0, 1, 2, 3].map(() => fixtures.bareTenant(template)))))
    }
    const names = tenants.map((tenant) => tenant.dbName!)
    const cap = tenancy.connections.options.maxConnections
    assert.equal(cap, 4, 'TENANT_DB_MAX_CONNECTIONS of .env.test')

    tenancy.connections.resetPeak()
    let running = true
    let maxBackends = 0
    let samples = 0
    const sampler = (async () => {
      while (running) {
        const result = await db
          .connection('landlord')
          .rawQuery('select count(*)::int as total from pg_stat_activity where datname = any(?)', [
            names,
          ])
        maxBackends = Math.max(maxBackends, result.rows[0].total)
        samples++
        await sleep(5)
      }
    })()

    let concurrent = 0
    let maxConcurrent = 0
    const results = await Promise.allSettled(
      tenants.map((tenant) =>
        tenancy.run(tenant, async () => {
          maxConcurrent = Math.max(maxConcurrent, ++concurrent)
          try {
            const result = await tenancy
              .db()
              .rawQuery('select current_database() as name, pg_sleep(0.05)')
            await sleep(20)
            return result.rows[0].name as string
          } finally {
            concurrent--
          }
        })
      )
    )
    running = false
    await sampler

    assert.deepEqual(
      results.map((result) => (result.status === 'fulfilled' ? result.value : result.reason)),
      names,
      'every query succeeded, each in its own database'
    )
    const stats = tenancy.connections.stats()
    assert.isAtMost(stats.peakOpen, cap)
    assert.isAtMost(stats.open, cap)
    assert.isAtMost(maxConcurrent, cap)
    assert.isAtLeast(samples, 1)
    assert.isAtLeast(maxBackends, 1)
    assert.isAtMost(maxBackends, cap, 'physical connections, not pools, are bounded')
  })

  test('when every slot stays busy, other tenants wait, then fail with E_TENANT_CONNECTION_LIMIT; the busy connection is never closed', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const [a, b, c] = await Promise.all([
      fixtures.bareTenant(template),
      fixtures.bareTenant(template),
      fixtures.bareTenant(template),
    ])
    // A private manager with one slot and a short wait, over the real server.
    const manager = new TenantConnectionManager(db, {
      ...tenancy.connections.options,
      maxConnections: 1,
      acquireTimeoutMs: 500,
    })
    const small = new TenancyManager(db, manager)

    try {
      const busy = small.run(a, async () => {
        await sleep(800)
        // Still usable: nobody closed it while it was in use.
        const result = await small.db().rawQuery('select current_database() as name')
        return result.rows[0].name as string
      })
      await sleep(10)

      const startedAt = performance.now()
      const error = await small.run(b, async () => 'unexpected').catch((reason) => reason)
      const waited = performance.now() - startedAt
      assert.instanceOf(error, TenantConnectionLimitException)
      assert.equal(error.code, 'E_TENANT_CONNECTION_LIMIT')
      assert.equal(error.status, 503)
      assert.isAtLeast(waited, 450, 'it waited for a slot first')

      // Work that starts waiting now gets the slot once a is done.
      const later = small.run(c, async () => {
        const result = await small.db().rawQuery('select current_database() as name')
        return result.rows[0].name as string
      })
      assert.equal(await busy, a.dbName)
      assert.equal(await later, c.dbName)
      assert.equal(manager.stats().peakOpen, 1)
    } finally {
      await manager.closeAll()
    }
  })
})
