import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import { quoteIdentifier, tenantMark } from '#tenancy/naming'
import { runAce } from '#tests/helpers/ace'
import { TenancyFixtures, tenantDatabaseName, asServerAdmin } from '#tests/helpers/tenancy'

/**
 * A tenant as the platform made them before roles: an unmarked database
 * owned by the landlord role, its objects too, open to PUBLIC.
 */
async function legacyTenant(fixtures: TenancyFixtures, comment?: string) {
  const template = await fixtures.template()
  const tenant = await fixtures.tenant(template, { status: 'active' })
  const server = tenancy.connections.options.defaultServer
  tenant.dbName = tenantDatabaseName(tenant.slug)
  tenant.dbHost = server.host
  tenant.dbPort = server.port
  await tenant.save()
  await asServerAdmin('postgres', async (client) => {
    await client.query(`create database ${quoteIdentifier(tenant.dbName!)}`)
    if (comment) {
      await client.query(
        `comment on database ${quoteIdentifier(tenant.dbName!)} is ${client.escapeLiteral(comment)}`
      )
    }
  })
  await asServerAdmin(tenant.dbName!, (client) =>
    client.query(`
      create table members (id serial primary key, name text not null);
      create type mood as enum ('calm', 'busy');
      create view member_names as select name from members;
      create function member_count() returns bigint language sql as 'select count(*) from members';
      create schema reports;
      create table reports.totals (id bigint generated always as identity, total int);
      insert into members (name) values ('Sita');
    `)
  )
  return tenant
}

async function ownersIn(database: string) {
  return asServerAdmin(database, async (client) => {
    const result = await client.query<{ owner: string }>(`
      select distinct pg_get_userbyid(owner) as owner from (
        select relowner as owner from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname in ('public', 'reports')
        union all select typowner from pg_type where typname = 'mood'
        union all select proowner from pg_proc where proname = 'member_count'
        union all select nspowner from pg_namespace where nspname = 'reports'
      ) objects`)
    return result.rows.map((row) => row.owner)
  })
}

test.group('tenant:secure', (group) => {
  let fixtures: TenancyFixtures
  /** Databases marked for someone else: the platform leaves them, so the test drops them. */
  const foreign: string[] = []

  group.each.setup(() => {
    fixtures = new TenancyFixtures()
    return async () => {
      await fixtures.cleanup()
      for (const name of foreign.splice(0)) {
        await asServerAdmin('postgres', (client) =>
          client.query(`drop database if exists ${quoteIdentifier(name)} with (force)`)
        )
      }
    }
  })

  test('--help explains what it does', async ({ assert }) => {
    const result = await runAce(['tenant:secure', '--help'])
    assert.equal(result.exitCode, 0, result.stderr)
    assert.include(result.stdout, 'login role per tenant')
    assert.include(result.stdout, 'CREATEROLE')
  })

  test('moves a legacy tenant to its own role, owner of everything, marked; safe to repeat', async ({
    assert,
  }) => {
    const tenant = await legacyTenant(fixtures)
    const name = tenant.dbName!

    const first = await runAce(['tenant:secure', tenant.slug])
    assert.equal(first.exitCode, 0, first.stdout + first.stderr)
    assert.match(first.stdout, new RegExp(`${tenant.slug}.*secured`))
    assert.include(first.stdout, `created role ${name}`)

    const fresh = await Tenant.findOrFail(tenant.id)
    assert.equal(fresh.dbUser, name)
    assert.isString(fresh.dbPassword, 'the stored password decrypts')
    const database = await asServerAdmin('postgres', async (client) => {
      const result = await client.query(
        `select pg_get_userbyid(datdba) as owner, shobj_description(oid, 'pg_database') as mark,
                has_database_privilege('public', oid, 'CONNECT') as public_connect
           from pg_database where datname = $1`,
        [name]
      )
      return result.rows[0]
    })
    assert.deepEqual(database, {
      owner: name,
      mark: tenantMark(tenant.uuid),
      public_connect: false,
    })
    assert.deepEqual(await ownersIn(name), [name])

    // The app now reaches it as the tenant role, which can read and write its data.
    const seen = await tenancy.run(fresh, async () => {
      await tenancy.db().table('members').insert({ name: 'Ram' })
      const user = await tenancy.db().rawQuery('select current_user as name')
      const count = await tenancy.db().rawQuery('select member_count() as total')
      return { user: user.rows[0].name, total: Number(count.rows[0].total) }
    })
    assert.deepEqual(seen, { user: name, total: 2 })
    await tenancy.connections.closeTenant(tenant.id)

    const again = await runAce(['tenant:secure', tenant.slug])
    assert.equal(again.exitCode, 0, again.stdout + again.stderr)
    assert.match(again.stdout, new RegExp(`${tenant.slug}.*already secure`))
    const unchanged = await Tenant.findOrFail(tenant.id)
    assert.equal(unchanged.dbPassword, fresh.dbPassword, 'a working password is kept')
  })

  test("a tenant whose database carries another tenant's mark fails on its row; the others are done; exit 1", async ({
    assert,
  }) => {
    const good = await legacyTenant(fixtures)
    const taken = await legacyTenant(fixtures, tenantMark(randomUUID()))
    foreign.push(taken.dbName!)

    const result = await runAce(['tenant:secure'])
    assert.equal(result.exitCode, 1, result.stdout + result.stderr)
    assert.match(result.stdout, new RegExp(`${good.slug}.*secured`))
    assert.match(
      result.stdout,
      new RegExp(`${taken.slug}.*failed.*does not carry this tenant's mark`)
    )
    assert.include(result.stderr, '1 of')
    const untouched = await Tenant.findOrFail(taken.id)
    assert.isNull(untouched.dbUser)
    const owner = await asServerAdmin('postgres', async (client) => {
      const found = await client.query(
        'select pg_get_userbyid(datdba) as owner from pg_database where datname = $1',
        [taken.dbName]
      )
      return found.rows[0].owner
    })
    assert.notEqual(owner, taken.dbName, 'the foreign database was not given away')
  })

  test('a tenant whose stored password no longer decrypts (APP_KEY changed) gets a new one', async ({
    assert,
  }) => {
    const tenant = await legacyTenant(fixtures)
    const first = await runAce(['tenant:secure', tenant.slug])
    assert.equal(first.exitCode, 0, first.stdout + first.stderr)
    const secured = await Tenant.findOrFail(tenant.id)
    // What a password encrypted under another key looks like: it no longer decrypts.
    await db
      .connection('landlord')
      .from('tenants')
      .where('id', tenant.id)
      .update({ db_password: encryption.encrypt('lost', undefined, 'another-purpose') })
    const broken = await Tenant.findOrFail(tenant.id)
    assert.isNull(broken.dbPassword)
    assert.throws(() => tenancy.connections.connectionConfig(broken), /cannot be decrypted/)

    const result = await runAce(['tenant:secure', tenant.slug])
    assert.equal(result.exitCode, 0, result.stdout + result.stderr)
    assert.include(result.stdout, `new password for role ${secured.dbUser}`)
    const repaired = await Tenant.findOrFail(tenant.id)
    assert.isString(repaired.dbPassword)
    assert.notEqual(repaired.dbPassword, secured.dbPassword)
    const user = await tenancy.run(repaired, async () => {
      const found = await tenancy.db().rawQuery('select current_user as name')
      return found.rows[0].name
    })
    assert.equal(user, secured.dbUser)
    await tenancy.connections.closeTenant(tenant.id)
  })
})
