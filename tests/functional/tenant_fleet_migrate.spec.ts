import { test } from '@japa/runner'
import pg from 'pg'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/landlord/tenant'
import provisioner from '#tenancy/services/provisioner'
import tenancy from '#tenancy/services/tenancy'
import { runAce } from '#tests/helpers/ace'
import {
  TenancyFixtures,
  createTableMigration,
  sleep,
  tenantTables,
  throwingMigration,
} from '#tests/helpers/tenancy'

/**
 * Connections ever opened to each database (pg_stat_database.sessions),
 * read once the backends of a finished command have reported.
 */
async function sessionsOf(databases: string[]) {
  await sleep(1000)
  const client = new pg.Client({
    ...tenancy.connections.options.defaultServer,
    database: 'postgres',
  })
  await client.connect()
  try {
    const result = await client.query<{ datname: string; sessions: string }>(
      `select datname, sessions from pg_stat_database where datname = any($1)`,
      [databases]
    )
    return Object.fromEntries(result.rows.map((row) => [row.datname, Number(row.sessions)]))
  } finally {
    await client.end()
  }
}

async function resultsOf(runId: number) {
  const rows = await db
    .connection('landlord')
    .from('fleet_migration_results')
    .where('run_id', runId)
    .orderBy('slug')
  return Object.fromEntries(rows.map((row) => [row.slug as string, row])) as Record<string, any>
}

const rowOf = (document: any, tenant: Tenant) =>
  document.tenants.find((row: { slug: string }) => row.slug === tenant.slug)

/**
 * Three tenants of a test template whose migrations live in the real tree
 * (the ace process reads them there), provisioned by migrations.
 */
test.group('tenant:migrate | fleet runs', (group) => {
  const fixtures = new TenancyFixtures()
  let fleet: Tenant[] = []
  let templateFolder: string
  const customFolders: string[] = []

  group.setup(async () => {
    const template = await fixtures.template()
    templateFolder = app.makePath('database/migrations/tenant/templates', template.name)
    await mkdir(templateFolder, { recursive: true })
    await writeFile(
      join(templateFolder, '0001_create_widgets_table.ts'),
      createTableMigration('widgets')
    )
    try {
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
    return async () => {
      await rm(templateFolder, { recursive: true, force: true })
      for (const folder of customFolders) await rm(folder, { recursive: true, force: true })
      await fixtures.cleanup()
    }
  })

  const slugs = () => `--tenant=${fleet.map((tenant) => tenant.slug).join(',')}`
  const names = () => fleet.map((tenant) => tenant.dbName!)

  test('a run with nothing pending opens no tenant database and records each tenant', async ({
    assert,
  }) => {
    const before = await sessionsOf(names())
    const result = await runAce(['tenant:migrate', slugs(), '--json'])
    assert.equal(result.exitCode, 0, result.stdout + result.stderr)
    const document = JSON.parse(result.stdout)
    for (const tenant of fleet) {
      assert.deepInclude(rowOf(document, tenant), { status: 'ok', applied: 0, pending: 0 })
    }
    assert.deepEqual(await sessionsOf(names()), before)

    const results = await resultsOf(document.run)
    assert.sameMembers(
      Object.keys(results),
      fleet.map((tenant) => tenant.slug)
    )
    for (const row of Object.values(results)) assert.equal(row.status, 'ok')
    const run = await db
      .connection('landlord')
      .from('fleet_migration_runs')
      .where('id', document.run)
      .first()
    assert.deepInclude(run, { status: 'completed', tenants: 3, ok: 3, failed: 0, skipped: 0 })

    // The same count rises when a migration is pending: the measure sees connections.
    await writeFile(
      join(templateFolder, '0002_create_gizmos_table.ts'),
      createTableMigration('gizmos')
    )
    const first = fleet[0]
    const pendingBefore = await sessionsOf([first.dbName!])
    const migrated = await runAce(['tenant:migrate', `--tenant=${first.slug}`, '--json'])
    assert.equal(migrated.exitCode, 0, migrated.stderr)
    assert.equal(JSON.parse(migrated.stdout).tenants[0].applied, 1)
    const pendingAfter = await sessionsOf([first.dbName!])
    assert.isAbove(pendingAfter[first.dbName!], pendingBefore[first.dbName!])
    assert.include(await tenantTables(first), 'gizmos')
  }).timeout(180_000)

  test('canary stop, skip-failing and resume', async ({ assert }) => {
    const [, second, third] = fleet
    await writeFile(
      join(templateFolder, '0003_create_sprockets_table.ts'),
      createTableMigration('sprockets')
    )
    const customFolder = app.makePath('database/migrations/tenant/custom', second.slug)
    customFolders.push(customFolder)
    await mkdir(customFolder, { recursive: true })
    await writeFile(join(customFolder, '0001_custom.ts'), throwingMigration('custom is broken'))

    // The canary fails: nobody else is touched.
    const othersBefore = await sessionsOf([fleet[0].dbName!, third.dbName!])
    const stopped = await runAce(['tenant:migrate', slugs(), `--canary=${second.slug}`, '--json'])
    assert.equal(stopped.exitCode, 1, stopped.stdout + stopped.stderr)
    const stoppedDocument = JSON.parse(stopped.stdout)
    assert.equal(rowOf(stoppedDocument, second).status, 'failed')
    assert.include(rowOf(stoppedDocument, second).message, 'custom is broken')
    for (const tenant of [fleet[0], third]) {
      assert.deepInclude(rowOf(stoppedDocument, tenant), {
        status: 'skipped',
        message: `not run: canary ${second.slug} failed`,
      })
    }
    assert.deepEqual(await sessionsOf([fleet[0].dbName!, third.dbName!]), othersBefore)
    assert.notInclude(await tenantTables(third), 'sprockets')
    const stoppedRun = await db
      .connection('landlord')
      .from('fleet_migration_runs')
      .where('id', stoppedDocument.run)
      .first()
    assert.equal(stoppedRun.status, 'stopped')

    // A good canary: everyone runs in parallel, the broken tenant fails on its row.
    const parallel = await runAce([
      'tenant:migrate',
      slugs(),
      `--canary=${fleet[0].slug}`,
      '--concurrency=2',
      '--json',
    ])
    assert.equal(parallel.exitCode, 1)
    const parallelDocument = JSON.parse(parallel.stdout)
    assert.deepInclude(rowOf(parallelDocument, fleet[0]), { status: 'ok', applied: 1 })
    assert.deepInclude(rowOf(parallelDocument, third), { status: 'ok', applied: 2 })
    assert.equal(rowOf(parallelDocument, second).status, 'failed')
    const results = await resultsOf(parallelDocument.run)
    assert.equal(results[second.slug].status, 'failed')
    assert.include(results[second.slug].error, 'custom is broken')
    assert.isAtLeast(results[third.slug].duration_ms, 1)

    // --skip-failing leaves the broken tenant alone (and says so: exit 1).
    const skipping = await runAce(['tenant:migrate', slugs(), '--skip-failing', '--json'])
    assert.equal(skipping.exitCode, 1)
    const skippingDocument = JSON.parse(skipping.stdout)
    assert.equal(rowOf(skippingDocument, second).status, 'skipped')
    assert.include(
      rowOf(skippingDocument, second).message,
      `failed in run #${parallelDocument.run}`
    )
    assert.equal(rowOf(skippingDocument, third).status, 'ok')

    // Fixed: --resume runs only the tenant the last run did not finish.
    await writeFile(join(customFolder, '0001_custom.ts'), createTableMigration('custom_things'))
    const finishedBefore = await sessionsOf([fleet[0].dbName!, third.dbName!])
    const resumed = await runAce(['tenant:migrate', slugs(), '--resume', '--json'])
    assert.equal(resumed.exitCode, 0, resumed.stdout + resumed.stderr)
    const resumedDocument = JSON.parse(resumed.stdout)
    assert.equal(resumedDocument.run, skippingDocument.run)
    assert.deepInclude(rowOf(resumedDocument, second), { status: 'ok', applied: 1 })
    assert.include(rowOf(resumedDocument, third).message, 'done in run')
    assert.deepEqual(await sessionsOf([fleet[0].dbName!, third.dbName!]), finishedBefore)
    assert.include(await tenantTables(second), 'custom_things')
    const resumedResults = await resultsOf(resumedDocument.run)
    assert.equal(resumedResults[second.slug].status, 'ok')
    const resumedRun = await db
      .connection('landlord')
      .from('fleet_migration_runs')
      .where('id', resumedDocument.run)
      .first()
    assert.equal(resumedRun.status, 'completed')

    const again = await runAce(['tenant:migrate', slugs(), '--resume'])
    assert.equal(again.exitCode, 0, again.stderr)
    assert.include(again.stdout, 'Migrations applied')
  }).timeout(300_000)

  test('--canary must be one of the tenants selected', async ({ assert }) => {
    const result = await runAce(['tenant:migrate', slugs(), '--canary=no-such-party'])
    assert.equal(result.exitCode, 1)
    assert.include(result.stderr, '--canary=no-such-party is not one of the active tenants')
  })
})
