import { randomBytes, randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import pg from 'pg'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'
import tenancyConfig from '#config/tenancy'
import Tenant from '#models/landlord/tenant'
import provisioner from '#tenancy/services/provisioner'
import tenancy from '#tenancy/services/tenancy'
import { TenantConnectionManager } from '#tenancy/connection_manager'
import { DatabaseServer } from '#tenancy/database_server'
import { DatabaseNotOwnedException, TenantProvisioningException } from '#tenancy/exceptions'
import { quoteIdentifier, tenantMark } from '#tenancy/naming'
import { scramVerifier } from '#tenancy/scram'
import { TenancyManager } from '#tenancy/tenancy_manager'
import { TenantDatabases } from '#tenancy/tenant_databases'
import { TenantProvisioner } from '#tenancy/tenant_provisioner'
import {
  TenancyFixtures,
  createTableMigration,
  databaseExists,
  dropMarkedOrphans,
  randomSuffix,
  tenantDatabaseName,
  tenantDatabases,
  throwingMigration,
  asServerAdmin,
} from '#tests/helpers/tenancy'

/**
 * A database the platform did not create, holding a sentinel row.
 */
async function foreignDatabase(name: string, comment?: string) {
  await asServerAdmin('postgres', async (client) => {
    await client.query(`create database ${quoteIdentifier(name)}`)
    if (comment) {
      await client.query(
        `comment on database ${quoteIdentifier(name)} is ${client.escapeLiteral(comment)}`
      )
    }
  })
  await asServerAdmin(name, (client) =>
    client.query(`create table sentinel (note text); insert into sentinel values ('keep me')`)
  )
}

async function sentinelOf(name: string) {
  return asServerAdmin(name, async (client) => {
    const result = await client.query<{ note: string }>('select note from sentinel')
    return result.rows.map((row) => row.note)
  })
}

async function dropForeign(name: string) {
  await asServerAdmin('postgres', (client) =>
    client.query(`drop database if exists ${quoteIdentifier(name)} with (force)`)
  )
}

async function roleOf(name: string) {
  return asServerAdmin('postgres', async (client) => {
    const result = await client.query<{
      rolname: string
      rolcanlogin: boolean
      rolsuper: boolean
      rolcreatedb: boolean
      rolcreaterole: boolean
      mark: string | null
    }>(
      `select rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole,
              shobj_description(oid, 'pg_authid') as mark
         from pg_roles where rolname = $1`,
      [name]
    )
    return result.rows[0]
  })
}

async function captureError<T = Error>(fn: () => Promise<unknown>): Promise<T> {
  try {
    await fn()
  } catch (error) {
    return error as T
  }
  throw new Error('Expected the call to throw, it did not')
}

test.group('Databases the platform owns', (group) => {
  let fixtures: TenancyFixtures
  const foreign: string[] = []

  group.each.setup(async () => {
    fixtures = new TenancyFixtures()
    await fixtures.copyBasicLayer()
    return async () => {
      await fixtures.cleanup()
      for (const name of foreign.splice(0)) await dropForeign(name)
    }
  })

  test('a database already under the derived name without a mark is refused and survives', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const tenant = await fixtures.tenant(template)
    const name = tenantDatabaseName(tenant.slug)
    foreign.push(name)
    await foreignDatabase(name)

    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.provision(tenant)
    )
    assert.instanceOf(error, TenantProvisioningException)
    assert.equal(error.details.stage, 'create_database')
    assert.include(error.message, `Database "${name}" already exists`)
    assert.include(error.message, 'it has no mark')
    assert.include(error.message, 'rename or drop it yourself')
    assert.deepEqual(await sentinelOf(name), ['keep me'])
    await tenant.refresh()
    assert.equal(tenant.status, 'failed')
    assert.include(tenant.provisioningError, 'stage create_database')
    assert.isUndefined(await roleOf(name), 'no role was created for a refused database')
  })

  test("a database carrying another tenant's mark is refused and survives", async ({ assert }) => {
    const template = await fixtures.template()
    const tenant = await fixtures.tenant(template)
    const name = tenantDatabaseName(tenant.slug)
    const otherMark = tenantMark(randomUUID())
    foreign.push(name)
    await foreignDatabase(name, otherMark)

    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.provision(tenant)
    )
    assert.equal(error.details.stage, 'create_database')
    assert.include(error.message, `it is marked "${otherMark}"`)
    assert.deepEqual(await sentinelOf(name), ['keep me'])
  })

  test('a db_name the landlord row points at is not dropped unless it carries the mark', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const name = `${tenantDatabaseName('restored')}_${randomSuffix()}`
    foreign.push(name)
    await foreignDatabase(name)
    const tenant = await fixtures.tenant(template, { status: 'failed', dbName: name })

    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.provision(tenant)
    )
    assert.equal(error.details.stage, 'create_database')
    assert.include(error.message, name)
    assert.deepEqual(await sentinelOf(name), ['keep me'])
  })

  test('a role under the derived name that the platform did not create is refused', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const tenant = await fixtures.tenant(template)
    const name = tenantDatabaseName(tenant.slug)
    await asServerAdmin('postgres', (client) =>
      client.query(`create role ${quoteIdentifier(name)}`)
    )
    try {
      const error = await captureError<TenantProvisioningException>(() =>
        fixtures.provisioner.provision(tenant)
      )
      assert.equal(error.details.stage, 'create_database')
      assert.include(error.message, `Role "${name}" already exists`)
      assert.isFalse(await databaseExists(tenant, name))
    } finally {
      await asServerAdmin('postgres', (client) =>
        client.query(`drop role ${quoteIdentifier(name)}`)
      )
    }
  })

  test("the database and role a run creates carry the tenant's mark; a failed run's cleanup drops both", async ({
    assert,
  }) => {
    const template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_explode.ts`,
      throwingMigration('template is broken')
    )
    const tenant = await fixtures.tenant(template)
    const name = tenantDatabaseName(tenant.slug)
    const server = new DatabaseServer(
      tenancy.connections.serverFor(tenant),
      tenancy.connections.admin
    )

    await captureError(() => fixtures.provisioner.provision(tenant, { keepFailed: true }))
    assert.equal(await server.markOf(name), tenantMark(tenant.uuid))
    const role = await roleOf(name)
    assert.equal(role?.mark, tenantMark(tenant.uuid))

    // The retry replaces the marked leftover, fails again, and cleans up after itself.
    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.provision(tenant)
    )
    assert.equal(error.details.stage, 'template')
    assert.isFalse(await databaseExists(tenant, name), 'the marked database was dropped')
    assert.isUndefined(await roleOf(name), 'the marked role was dropped')
    await tenant.refresh()
    assert.isNull(tenant.dbUser)
    assert.isNull(tenant.dbPassword)
  })

  test('dropOwned refuses a database without the mark, and drops one with it', async ({
    assert,
  }) => {
    const server = new DatabaseServer(
      tenancy.connections.options.defaultServer,
      tenancy.connections.admin
    )
    const mark = tenantMark(randomUUID())
    const unmarked = `${tenantDatabaseName('foreign')}_${randomSuffix()}`
    const marked = `${tenantDatabaseName('ours')}_${randomSuffix()}`
    foreign.push(unmarked, marked)
    await foreignDatabase(unmarked)
    await foreignDatabase(marked, mark)

    const error = await captureError(() => server.dropOwned(unmarked, mark))
    assert.instanceOf(error, DatabaseNotOwnedException)
    assert.deepEqual(await sentinelOf(unmarked), ['keep me'])
    assert.isTrue(await server.dropOwned(marked, mark))
    assert.isFalse(await server.exists(marked))
    assert.isFalse(await server.dropOwned(marked, mark), 'nothing left to drop')
  })

  test('orphan cleanup drops only marked databases and roles of the prefix', async ({ assert }) => {
    const prefix = `${tenantDatabaseName('orphans')}_${randomSuffix()}_`
    const mark = tenantMark(randomUUID())
    foreign.push(`${prefix}unmarked`, `${prefix}marked`)
    await foreignDatabase(`${prefix}unmarked`)
    await foreignDatabase(`${prefix}marked`, mark)
    await asServerAdmin('postgres', async (client) => {
      await client.query(`create role ${quoteIdentifier(`${prefix}role_marked`)}`)
      await client.query(
        `comment on role ${quoteIdentifier(`${prefix}role_marked`)} is ${client.escapeLiteral(mark)}`
      )
      await client.query(`create role ${quoteIdentifier(`${prefix}role_unmarked`)}`)
    })
    try {
      const dropped = await dropMarkedOrphans(prefix)
      assert.deepEqual(dropped, [`${prefix}marked`, `role ${prefix}role_marked`])
      assert.deepEqual(await sentinelOf(`${prefix}unmarked`), ['keep me'])
      assert.isDefined(await roleOf(`${prefix}role_unmarked`))
    } finally {
      await asServerAdmin('postgres', async (client) => {
        await client.query(`drop role if exists ${quoteIdentifier(`${prefix}role_marked`)}`)
        await client.query(`drop role if exists ${quoteIdentifier(`${prefix}role_unmarked`)}`)
      })
    }
  })
})

test.group('Least privilege', (group) => {
  let fixtures: TenancyFixtures

  group.each.setup(async () => {
    fixtures = new TenancyFixtures()
    await fixtures.copyBasicLayer()
    return () => fixtures.cleanup()
  })

  test('a provisioned tenant is owned by and reached as its own role, its password encrypted', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things')
    )
    const tenant = await fixtures.tenant(template)
    await fixtures.provisioner.provision(tenant)
    const name = tenant.dbName!

    const role = await roleOf(name)
    assert.deepInclude(role, {
      rolname: name,
      rolcanlogin: true,
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
    })
    const database = await asServerAdmin('postgres', async (client) => {
      const result = await client.query(
        `select pg_get_userbyid(datdba) as owner,
                has_database_privilege('public', oid, 'CONNECT') as public_connect,
                datallowconn as allow_connections
           from pg_database where datname = $1`,
        [name]
      )
      return result.rows[0]
    })
    // Created refusing connections, opened once only its owner may connect.
    assert.deepEqual(database, { owner: name, public_connect: false, allow_connections: true })
    const owners = await asServerAdmin(name, async (client) => {
      const result = await client.query<{ owner: string }>(
        `select distinct tableowner as owner from pg_tables where schemaname = 'public'`
      )
      return result.rows.map((row) => row.owner)
    })
    assert.deepEqual(owners, [name], 'migrations ran as the tenant role')

    const user = await tenancy.run(tenant, async () => {
      const result = await tenancy.db().rawQuery('select current_user as name')
      return result.rows[0].name
    })
    assert.equal(user, name)

    const stored = await Tenant.query().where('id', tenant.id).pojo<{ db_password: string }>()
    const fresh = await Tenant.findOrFail(tenant.id)
    assert.lengthOf(fresh.dbPassword!, 43)
    assert.notInclude(stored[0].db_password, fresh.dbPassword!, 'stored encrypted, not in clear')
    assert.notProperty(fresh.serialize(), 'dbPassword')
  })

  test("a tenant role cannot connect to another tenant's database nor to the landlord", async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const a = await fixtures.bareTenant(template)
    const b = await fixtures.bareTenant(template)
    const server = tenancy.connections.serverFor(a)
    const current = await db.connection('landlord').rawQuery('select current_database() as name')
    const landlord: string = current.rows[0].name

    const connectAs = async (tenant: Tenant, database: string) => {
      const client = new pg.Client({
        ...server,
        user: tenant.dbUser!,
        password: tenant.dbPassword!,
        database,
      })
      client.on('error', () => {})
      try {
        await client.connect()
        return 'connected'
      } catch (error) {
        return (error as Error).message
      } finally {
        await client.end().catch(() => {})
      }
    }

    assert.equal(await connectAs(a, a.dbName!), 'connected')
    assert.include(await connectAs(a, b.dbName!), 'permission denied for database')
    assert.include(await connectAs(b, a.dbName!), 'permission denied for database')
    assert.include(await connectAs(a, landlord), 'permission denied for database')
  })

  test("a tenant role's password is stored as a SCRAM verifier made here, as PostgreSQL makes it", async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const tenant = await fixtures.bareTenant(template)
    const stored = async (role: string) =>
      asServerAdmin('postgres', async (client) => {
        const result = await client.query<{ rolpassword: string }>(
          'select rolpassword from pg_authid where rolname = $1',
          [role]
        )
        return result.rows[0].rolpassword
      })
    const parse = (verifier: string) => {
      const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(verifier)
      assert.isNotNull(match, verifier)
      return { iterations: Number(match![1]), salt: Buffer.from(match![2], 'base64') }
    }

    // The tenant's stored password derives exactly the verifier its role holds.
    const verifier = await stored(tenant.dbUser!)
    assert.equal(await scramVerifier(tenant.dbPassword!, parse(verifier)), verifier)

    // The same derivation as the server's own, for a password the server hashed itself.
    const role = `${tenantDatabaseName('scram')}_${randomSuffix()}`.replaceAll('-', '_')
    const password = randomBytes(32).toString('base64url')
    await asServerAdmin('postgres', (client) =>
      client.query(
        `create role ${quoteIdentifier(role)} with login password ${client.escapeLiteral(password)}`
      )
    )
    try {
      const byServer = await stored(role)
      assert.equal(await scramVerifier(password, parse(byServer)), byServer)
      assert.notEqual(await scramVerifier(`${password}x`, parse(byServer)), byServer)
    } finally {
      await asServerAdmin('postgres', (client) =>
        client.query(`drop role ${quoteIdentifier(role)}`)
      )
    }
  })

  test('dropping a tenant drops its role too', async ({ assert }) => {
    const template = await fixtures.template()
    const tenant = await fixtures.bareTenant(template)
    const name = tenant.dbName!
    assert.isDefined(await roleOf(name))
    assert.deepEqual(await tenantDatabases().drop(tenant), { database: true, role: true })
    assert.isFalse(await databaseExists(tenant, name))
    assert.isUndefined(await roleOf(name))
  })
})

test.group('A landlord role without superuser', (group) => {
  // "__": a slug never starts with an underscore, so no tenant database can take this name.
  const landlordRole = `${tenancyConfig.databasePrefix}_landlord`
  const landlordPassword = randomBytes(16).toString('hex')
  let fixtures: TenancyFixtures
  let connections: TenantConnectionManager

  group.each.setup(async () => {
    fixtures = new TenancyFixtures()
    await fixtures.copyBasicLayer()
    const landlordDatabase = provisioner.options.landlord.database
    await asServerAdmin('postgres', async (client) => {
      // Left by an interrupted run: DROP OWNED also revokes its CONNECT on the landlord.
      const left = await client.query('select 1 from pg_roles where rolname = $1', [landlordRole])
      if (left.rowCount) {
        await client.query(`drop owned by ${quoteIdentifier(landlordRole)}`)
        await client.query(`drop role ${quoteIdentifier(landlordRole)}`)
      }
      await client.query(
        `create role ${quoteIdentifier(landlordRole)} with login createdb createrole ` +
          `password ${client.escapeLiteral(landlordPassword)}`
      )
      // CONNECT on the landlord is revoked from PUBLIC; the advisory lock lives there.
      await client.query(
        `grant connect on database ${quoteIdentifier(landlordDatabase)} to ${quoteIdentifier(landlordRole)}`
      )
    })
    connections = new TenantConnectionManager(db, {
      ...tenancy.connections.options,
      defaultServer: {
        ...tenancy.connections.options.defaultServer,
        user: landlordRole,
        password: landlordPassword,
      },
    })
    return async () => {
      await connections.closeAll()
      await fixtures.cleanup()
      await asServerAdmin('postgres', async (client) => {
        await client.query(
          `revoke connect on database ${quoteIdentifier(landlordDatabase)} from ${quoteIdentifier(landlordRole)}`
        )
        await client.query(`drop role if exists ${quoteIdentifier(landlordRole)}`)
      })
    }
  })

  test('provisions, serves and drops a tenant with only CREATEDB and CREATEROLE', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things')
    )
    const tenant = await fixtures.tenant(template)
    const lowPrivilege = new TenantProvisioner(
      db,
      app,
      emitter,
      new TenancyManager(db, connections),
      {
        ...fixtures.provisioner.options,
        landlord: {
          ...provisioner.options.landlord,
          user: landlordRole,
          password: landlordPassword,
        },
      }
    )

    const result = await lowPrivilege.provision(tenant)
    assert.equal(result.tenant.status, 'active')
    assert.deepInclude(await roleOf(landlordRole), { rolsuper: false })
    const owner = await asServerAdmin('postgres', async (client) => {
      const found = await client.query(
        'select pg_get_userbyid(datdba) as owner from pg_database where datname = $1',
        [tenant.dbName]
      )
      return found.rows[0].owner
    })
    assert.equal(owner, tenant.dbUser)

    await connections.closeAll()
    const dropped = await new TenantDatabases(connections).drop(tenant)
    assert.deepEqual(dropped, { database: true, role: true })
    assert.isFalse(await databaseExists(tenant, tenantDatabaseName(tenant.slug)))
  })

  test('builds, clones and drops golden template databases with only CREATEDB and CREATEROLE', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things')
    )
    const lowPrivilege = new TenantProvisioner(
      db,
      app,
      emitter,
      new TenancyManager(db, connections),
      {
        ...fixtures.provisioner.options,
        goldenTemplates: true,
        landlord: {
          ...provisioner.options.landlord,
          user: landlordRole,
          password: landlordPassword,
        },
      }
    )
    try {
      for (let index = 0; index < 2; index++) {
        const tenant = await fixtures.tenant(template)
        const result = await lowPrivilege.provision(tenant)
        assert.equal(result.method, 'clone', result.fallbackReason)
        assert.equal(result.tenant.status, 'active')
      }
    } finally {
      const dropped = await lowPrivilege.golden.prune()
      assert.lengthOf(dropped, 1)
    }
  })
})
