import { test } from '@japa/runner'
import pg from 'pg'
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import type Tenant from '#models/landlord/tenant'
import TenantModel from '#models/landlord/tenant'
import provisioner from '#tenancy/services/provisioner'
import tenancy from '#tenancy/services/tenancy'
import { quoteIdentifier } from '#tenancy/naming'
import { runAce } from '#tests/helpers/ace'
import { TenancyFixtures } from '#tests/helpers/tenancy'

/** A stack trace line, as Node or Adonis' pretty printer shows it. */
const STACK_LINE = /^\s+(?:⁃\s+)?at\s/m

/**
 * Runs SQL on the tenant's server outside the engine (as a DBA, or a
 * mistake, would).
 */
async function behindTheEnginesBack(tenant: Tenant, sql: string, database = tenant.dbName!) {
  const client = new pg.Client({ ...tenancy.connections.serverFor(tenant), database })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/**
 * Three small tenants (basic layer only, so each provisions in a moment),
 * taken in slug order as the fleet commands walk them.
 */
test.group('fleet commands | one tenant never breaks the fleet', (group) => {
  const fixtures = new TenancyFixtures()
  let fleet: Tenant[] = []

  group.setup(async () => {
    try {
      const template = await fixtures.template()
      for (let index = 0; index < 3; index++) {
        const tenant = await fixtures.tenant(template)
        await provisioner.provision(tenant)
        fleet.push(tenant)
      }
      fleet = fleet.sort((a, b) => a.slug.localeCompare(b.slug))
    } catch (error) {
      await fixtures.cleanup()
      throw error
    }
    return () => fixtures.cleanup()
  })

  const rowOf = (rows: any[], tenant: Tenant) => rows.find((row) => row.slug === tenant.slug)

  test('tenant:drift over the fleet exits 1 when only the first tenant drifted', async ({
    assert,
  }) => {
    const [first, second, third] = fleet
    await behindTheEnginesBack(first, 'alter table users add column nickname text')

    const result = await runAce(['tenant:drift', '--json'])
    assert.equal(result.exitCode, 1, result.stdout + result.stderr)
    const rows = JSON.parse(result.stdout).tenants
    assert.isTrue(rowOf(rows, first).drift)
    assert.isFalse(rowOf(rows, second).drift)
    assert.isFalse(rowOf(rows, third).drift)

    const text = await runAce(['tenant:drift'])
    assert.equal(text.exitCode, 1)
    assert.include(text.stdout, `${first.slug}: schema drift`)
    assert.include(text.stdout, `${third.slug}: no drift`)

    const accepted = await runAce(['tenant:drift', first.slug, '--accept'])
    assert.equal(accepted.exitCode, 0, accepted.stdout + accepted.stderr)
  })

  test('a tenant left provisioning by a crash shows since when, and tenant:provision resumes it', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const stuck = await fixtures.tenant(template, { status: 'provisioning' })
    await stuck.refresh()

    const status = await runAce(['tenant:status', '--json'])
    assert.equal(status.exitCode, 0, status.stderr)
    const row = rowOf(JSON.parse(status.stdout).tenants, stuck)
    assert.equal(row.status, 'provisioning')
    assert.equal(row.since, stuck.updatedAt!.toUTC().toISO())
    assert.include(row.note, `node ace tenant:provision ${stuck.slug}" resumes it`)

    const text = await runAce(['tenant:status', stuck.slug])
    assert.equal(text.exitCode, 0, text.stderr)
    assert.include(text.stdout, `${stuck.slug}: provisioning since ${row.since}`)

    const resumed = await runAce(['tenant:provision', stuck.slug])
    assert.equal(resumed.exitCode, 0, resumed.stdout + resumed.stderr)
    await stuck.refresh()
    assert.equal(stuck.status, 'active')
  })

  test('with one database missing, status, drift and migrate report it on its row, reach the others and exit 1', async ({
    assert,
  }) => {
    const [first, second, third] = fleet
    await tenancy.connections.closeTenant(second.id)
    await behindTheEnginesBack(
      second,
      `drop database ${quoteIdentifier(second.dbName!)} with (force)`,
      'postgres'
    )
    const missing = `database "${second.dbName}" does not exist`

    const status = await runAce(['tenant:status', '--json'])
    assert.equal(status.exitCode, 1, status.stdout + status.stderr)
    const statusRows = JSON.parse(status.stdout).tenants
    assert.equal(rowOf(statusRows, second).error, missing)
    assert.lengthOf(rowOf(statusRows, first).layers, 2)
    assert.lengthOf(rowOf(statusRows, third).layers, 2)
    assert.include(status.stderr, `${second.slug}: ${missing}`)

    const drift = await runAce(['tenant:drift', '--json'])
    assert.equal(drift.exitCode, 1, drift.stdout + drift.stderr)
    const driftDocument = JSON.parse(drift.stdout)
    assert.deepInclude(rowOf(driftDocument.tenants, second), { drift: null, error: missing })
    assert.isFalse(rowOf(driftDocument.tenants, third).drift)
    assert.equal(driftDocument.errors, 1)

    const migrate = await runAce(['tenant:migrate', '--json', '--concurrency=1'])
    assert.equal(migrate.exitCode, 1, migrate.stdout + migrate.stderr)
    const migrateRows = JSON.parse(migrate.stdout).tenants
    assert.deepInclude(rowOf(migrateRows, second), { status: 'failed', message: missing })
    assert.equal(rowOf(migrateRows, first).status, 'ok')
    assert.equal(rowOf(migrateRows, third).status, 'ok')

    for (const result of [status, drift, migrate]) assert.notMatch(result.stderr, STACK_LINE)

    const text = await runAce(['tenant:status'])
    assert.equal(text.exitCode, 1)
    assert.include(text.stdout, third.slug)
    assert.include(text.stderr, `${second.slug}: ${missing}`)
    assert.notMatch(text.stdout + text.stderr, STACK_LINE)
  })

  test('a single-tenant command on the broken tenant prints one line, not a stack trace', async ({
    assert,
  }) => {
    const second = fleet[1]
    const result = await runAce(['tenant:migrate:custom', second.slug])
    assert.equal(result.exitCode, 1)
    assert.include(result.stderr, `database "${second.dbName}" does not exist`)
    assert.notMatch(result.stdout + result.stderr, STACK_LINE)
    assert.lengthOf(result.stderr.trim().split('\n'), 1)
  })
})

/**
 * Loser of a registration race, names too long for their columns, names of
 * things that do not exist: each a one-line refusal.
 */
test.group('single-tenant commands refuse in one line', (group) => {
  const fixtures = new TenancyFixtures()
  group.teardown(() => fixtures.cleanup())

  test('two registrations of one slug at once: one wins, the others are told it is taken', async ({
    assert,
  }) => {
    const { createTenant, TenantInputException } = await import('#actions/tenants/create_tenant')
    const template = await fixtures.template()
    const slug = `race-${Date.now().toString(36)}`
    const attempts = await Promise.allSettled(
      Array.from({ length: 4 }, () => createTenant({ slug, name: 'Race', template: template.name }))
    )
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled')
    assert.lengthOf(won, 1)
    fixtures.tenants.push(await TenantModel.findByOrFail('slug', slug))
    for (const attempt of attempts) {
      if (attempt.status === 'fulfilled') continue
      assert.instanceOf(attempt.reason, TenantInputException)
      assert.deepEqual(attempt.reason.problems, { slug: `"${slug}" is already taken` })
    }
  })

  test('tenant:create with a name over 200 characters', async ({ assert }) => {
    const result = await runAce([
      'tenant:create',
      '--slug=long-name-party',
      `--name=${'N'.repeat(201)}`,
      '--template=political_party_nepal',
    ])
    assert.equal(result.exitCode, 1)
    assert.include(result.stderr, '--name: must be at most 200 characters')
    assert.notMatch(result.stdout + result.stderr, STACK_LINE)
    assert.isNull(await TenantModel.findBy('slug', 'long-name-party'))
  })

  test('make:tenant-migration with a 300-character name, and for things that do not exist', async ({
    assert,
    cleanup,
  }) => {
    const template = await fixtures.template()
    // Nothing may be written; should it be, it goes with the test.
    const folder = app.makePath('database/migrations/tenant/templates', template.name)
    cleanup(() => rm(folder, { recursive: true, force: true }))
    const long = await runAce([
      'make:tenant-migration',
      `create_${'x'.repeat(293)}`,
      '--layer=template',
      `--template=${template.name}`,
    ])
    assert.equal(long.exitCode, 1)
    assert.include(long.stderr, 'The name is too long: at most')
    assert.isFalse(existsSync(folder))
    assert.notMatch(long.stdout + long.stderr, STACK_LINE)

    const cases = [
      [['--layer=template', '--template=no_such_template'], 'No template "no_such_template"'],
      [['--layer=module', '--module=no_such_module'], 'No module "no_such_module"'],
      [['--layer=custom', '--tenant=no-such-party'], 'No tenant "no-such-party"'],
    ] as const
    for (const [flags, message] of cases) {
      const result = await runAce(['make:tenant-migration', 'create_pledges', ...flags])
      assert.equal(result.exitCode, 1, flags.join(' '))
      assert.include(result.stderr, message)
    }
  })
})
