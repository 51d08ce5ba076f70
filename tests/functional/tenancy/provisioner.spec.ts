import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/landlord/tenant'
import type TenantTemplate from '#models/landlord/tenant_template'
import type TemplateModule from '#models/landlord/template_module'
import TenantMigrationHistory from '#models/landlord/tenant_migration_history'
import TenantSchemaSnapshot from '#models/landlord/tenant_schema_snapshot'
import tenancy from '#tenancy/services/tenancy'
import { TenantLockedException, TenantProvisioningException } from '#tenancy/exceptions'
import type { ProvisioningProgress } from '#tenancy/provisioning_pipeline'
import {
  EventRecorder,
  TenancyFixtures,
  createTableMigration,
  databaseExists,
  tenantDatabaseName,
  tenantTables,
  throwingMigration,
} from '#tests/helpers/tenancy'

const SHA256 = /^[0-9a-f]{64}$/

const THINGS_SEEDER = `import { BaseSeeder } from '@adonisjs/lucid/seeders'

export default class extends BaseSeeder {
  async run() {
    await this.client.table('things').insert({ name: 'seeded' })
  }
}
`

/**
 * SHA-256 of the source file of a history row's migration (names are
 * app-relative paths without the extension).
 */
async function sourceChecksum(name: string) {
  const source = await readFile(app.makePath(`${name}.ts`))
  return createHash('sha256').update(source).digest('hex')
}

/**
 * Runs fn and returns what it threw (failing the test when it does not throw).
 */
async function captureError<T = Error>(fn: () => Promise<unknown>): Promise<T> {
  try {
    await fn()
  } catch (error) {
    return error as T
  }
  throw new Error('Expected the call to throw, it did not')
}

/**
 * One tenant provisioned with the real basic layer, a test template, a
 * selected module that depends on an unselected one, and a module it did
 * not select. The tests of this group look at what that one run left behind.
 */
test.group('TenantProvisioner | a successful provisioning', (group) => {
  const fixtures = new TenancyFixtures()
  const progress: ProvisioningProgress[] = []
  let events: EventRecorder
  let template: TenantTemplate
  let selected: TemplateModule
  let dependency: TemplateModule
  let unselected: TemplateModule
  let tenant: Tenant
  let result: Awaited<ReturnType<typeof fixtures.provisioner.provision>>

  // Registered first, so it runs even when the provisioning below fails.
  group.setup(() => {
    events = new EventRecorder()
    return async () => {
      events.dispose()
      await fixtures.cleanup()
    }
  })

  group.setup(async () => {
    await fixtures.copyBasicLayer()
    template = await fixtures.template()
    dependency = await fixtures.module()
    selected = await fixtures.module({ dependsOn: [dependency.name] })
    unselected = await fixtures.module()
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things')
    )
    await fixtures.write(
      `templates/${template.name}/0002_create_gadgets_table.ts`,
      createTableMigration('gadgets', ['colour'])
    )
    await fixtures.write(
      `modules/${dependency.name}/0001_create_dep_items_table.ts`,
      createTableMigration('dep_items')
    )
    await fixtures.write(
      `modules/${selected.name}/0001_create_main_items_table.ts`,
      createTableMigration('main_items')
    )
    await fixtures.write(
      `modules/${unselected.name}/0001_create_other_items_table.ts`,
      createTableMigration('other_items')
    )
    await fixtures.write(`seeders/${template.name}/0_things_seeder.ts`, THINGS_SEEDER)
    tenant = await fixtures.tenant(template, { modules: [selected] })
    result = await fixtures.provisioner.provision(tenant, {
      onProgress: (step) => progress.push(step),
    })
  })

  test('emits tenant:provisioning_started with the tenant', ({ assert }) => {
    const started = events.started.filter((event) => event.tenantId === tenant.id)
    assert.lengthOf(started, 1)
    assert.equal(started[0].slug, tenant.slug)
    assert.equal(started[0].status, 'provisioning')
  })

  test('creates the tenant database and applies the basic layer in it', async ({ assert }) => {
    await tenant.refresh()
    assert.equal(tenant.dbName, tenantDatabaseName(tenant.slug))
    assert.isTrue(await databaseExists(tenant, tenant.dbName!))

    const tables = await tenantTables(tenant)
    assert.includeMembers(tables, ['users', 'password_reset_tokens', 'remember_me_tokens'])

    // Nothing leaked into the landlord database.
    const landlord = await db.connection('landlord').rawQuery(
      `select table_name from information_schema.tables
          where table_schema = 'public' and table_name in ('users', 'things', 'main_items')`
    )
    assert.lengthOf(landlord.rows, 0)
  })

  test('applies the template layer', async ({ assert }) => {
    assert.includeMembers(await tenantTables(tenant), ['things', 'gadgets'])
  })

  test('applies the selected module and its dependency, not the unselected module', async ({
    assert,
  }) => {
    const tables = await tenantTables(tenant)
    assert.includeMembers(tables, ['main_items', 'dep_items'])
    assert.notInclude(tables, 'other_items')

    const rows = await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('migration_type', 'module')
      .orderBy('id')
    assert.deepEqual(
      rows.map((row) => row.module),
      [dependency.name, selected.name],
      'the dependency is applied first'
    )
    assert.notInclude(
      rows.map((row) => row.module),
      unselected.name
    )
  })

  test('records every applied migration in tenant_migrations_history', async ({ assert }) => {
    const rows = await TenantMigrationHistory.query().where('tenant_id', tenant.id).orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.migrationType, row.name.split('/').pop()]),
      [
        ['basic', '0001_create_users_table'],
        ['basic', '0002_create_password_reset_tokens_table'],
        ['basic', '0003_create_remember_me_tokens_table'],
        ['template', '0001_create_things_table'],
        ['template', '0002_create_gadgets_table'],
        ['module', '0001_create_dep_items_table'],
        ['module', '0001_create_main_items_table'],
      ]
    )
    for (const row of rows) {
      assert.equal(row.status, 'applied')
      assert.equal(row.batch, 1)
      assert.equal(row.templateId, template.id)
      assert.match(row.checksum, SHA256)
      assert.isAtLeast(row.durationMs, 0)
      assert.isNull(row.error)
    }
    assert.isTrue(rows[0].name.startsWith(`${fixtures.root}/basic/`))
    assert.isTrue(rows[3].name.startsWith(`${fixtures.root}/templates/${template.name}/`))
    assert.isNull(rows[0].module)
    assert.isNull(rows[3].module)
  })

  test('each history checksum is the SHA-256 of its migration file content', async ({ assert }) => {
    const rows = await TenantMigrationHistory.query().where('tenant_id', tenant.id).orderBy('id')
    assert.lengthOf(rows, 7)
    for (const row of rows) {
      assert.equal(row.checksum, await sourceChecksum(row.name), row.name)
    }
    // Two migrations with different content never share a checksum.
    assert.lengthOf(new Set(rows.map((row) => row.checksum)), rows.length)
  })

  test('stores a schema snapshot whose hash is the live schema hash', async ({ assert }) => {
    const snapshot = await TenantSchemaSnapshot.query()
      .where('tenant_id', tenant.id)
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.equal(snapshot.reason, 'provisioned')
    assert.match(snapshot.schemaHash, SHA256)
    assert.equal(snapshot.schemaHash, await fixtures.provisioner.generateSchemaHash(tenant))
    assert.equal(snapshot.schemaHash, result.schemaHash)

    const tables = (snapshot.snapshot as { tables: Record<string, unknown> }).tables
    assert.properties(tables, ['users', 'things', 'main_items'])
    assert.notProperty(tables, 'schema_migrations_basic', 'tracking tables are not schema')
    assert.isFalse(await fixtures.provisioner.detectSchemaDrift(tenant))
  })

  test('ends active and emits tenant:provisioning_completed with stats and hash', async ({
    assert,
  }) => {
    await tenant.refresh()
    assert.equal(tenant.status, 'active')
    assert.isNull(tenant.provisioningError)
    assert.isNotNull(tenant.provisionedAt)
    // The run's time is kept on the row (no job ran this one): the console charts it.
    assert.isAbove(result.stats.durationMs, 0)
    assert.equal(tenant.provisioningMs, result.stats.durationMs)

    const completed = events.completed.filter((event) => event.tenantId === tenant.id)
    assert.lengthOf(completed, 1)
    assert.equal(completed[0].status, 'completed')
    assert.equal(completed[0].tenantStatus, 'active')
    assert.equal(completed[0].migrations, 7)
    assert.isAbove(completed[0].migrations, 0)
    assert.deepEqual(completed[0].layers, {
      basic: 3,
      template: 2,
      [`module:${dependency.name}`]: 1,
      [`module:${selected.name}`]: 1,
    })
    assert.match(completed[0].schemaHash, SHA256)
    assert.equal(completed[0].schemaHash, result.schemaHash)
    assert.equal(result.stats.migrations, 7)
    assert.isEmpty(events.failed.filter((event) => event.tenantId === tenant.id))
  })

  test("runs the template's seeders in the tenant database", async ({ assert }) => {
    const rows = await tenancy.run(tenant, () => tenancy.db().from('things').select('name'))
    assert.deepEqual(rows, [{ name: 'seeded' }])
  })

  test('reports progress stage by stage, migration by migration', ({ assert }) => {
    const stages = progress.map((step) => step.stage)
    assert.deepEqual(
      [...new Set(stages)],
      ['validate', 'create_database', 'basic', 'template', 'module', 'seed', 'snapshot', 'finalize']
    )
    const migrations = progress.filter((step) => step.migration)
    assert.lengthOf(migrations, 7)
    assert.deepEqual(
      migrations.map((step) => step.index),
      [1, 2, 3, 4, 5, 6, 7]
    )
    assert.isTrue(migrations.every((step) => step.total === 7))
    assert.equal(migrations[0].migration, `${fixtures.root}/basic/0001_create_users_table`)
    assert.deepInclude(progress.at(-1)!, { stage: 'finalize', index: 7, total: 7 })
  })

  test('provisioning an active tenant again is refused and leaves it active', async ({
    assert,
  }) => {
    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.provision(tenant)
    )
    assert.instanceOf(error, TenantProvisioningException)
    assert.include(error.message, 'is active')
    assert.equal(error.details.stage, 'validate')
    await tenant.refresh()
    assert.equal(tenant.status, 'active')
    assert.isNull(tenant.provisioningError)
    assert.isTrue(await databaseExists(tenant, tenant.dbName!))
  })
})

test.group('TenantProvisioner | refusals and failures', (group) => {
  let fixtures: TenancyFixtures
  let events: EventRecorder

  group.each.setup(async () => {
    fixtures = new TenancyFixtures()
    events = new EventRecorder()
    await fixtures.copyBasicLayer()
    return async () => {
      events.dispose()
      await fixtures.cleanup()
    }
  })

  test('an inactive template is refused: "Template is not active", tenant failed', async ({
    assert,
  }) => {
    const template = await fixtures.template({ isActive: false })
    const tenant = await fixtures.tenant(template)

    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.provision(tenant)
    )
    assert.instanceOf(error, TenantProvisioningException)
    assert.equal(error.message, 'Template is not active')
    assert.equal(error.details.stage, 'validate')

    await tenant.refresh()
    assert.equal(tenant.status, 'failed')
    assert.include(tenant.provisioningError, 'Template is not active')
    assert.isFalse(await databaseExists(tenant, tenantDatabaseName(tenant.slug)))
    assert.isEmpty(events.started.filter((event) => event.tenantId === tenant.id))
    assert.lengthOf(
      events.failed.filter((event) => event.tenantId === tenant.id),
      1
    )
  })

  test('a migration file that does not even load is named in the failure', async ({ assert }) => {
    const template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things')
    )
    await fixtures.write(
      `templates/${template.name}/0002_broken_syntax.ts`,
      'export default class extends {\n'
    )
    const tenant = await fixtures.tenant(template)

    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.provision(tenant)
    )
    assert.instanceOf(error, TenantProvisioningException)
    assert.equal(error.details.stage, 'template')
    assert.equal(
      error.details.migration,
      `${fixtures.root}/templates/${template.name}/0002_broken_syntax`
    )
    await tenant.refresh()
    assert.include(tenant.provisioningError, '0002_broken_syntax')
    assert.isFalse(await databaseExists(tenant, tenantDatabaseName(tenant.slug)))
  })

  test('an inactive module is refused before anything is created', async ({ assert }) => {
    const template = await fixtures.template()
    const module = await fixtures.module({ isActive: false })
    const tenant = await fixtures.tenant(template, { modules: [module] })

    const error = await captureError(() => fixtures.provisioner.provision(tenant))
    assert.include(error.message, `Module is not active: ${module.name}`)
    await tenant.refresh()
    assert.equal(tenant.status, 'failed')
    assert.isFalse(await databaseExists(tenant, tenantDatabaseName(tenant.slug)))
  })

  test('a failing module migration fails the tenant, names the migration, leaves no database; a retry provisions cleanly', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const broken = await fixtures.module()
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things')
    )
    await fixtures.write(
      `modules/${broken.name}/0001_create_widgets_table.ts`,
      createTableMigration('widgets')
    )
    await fixtures.write(
      `modules/${broken.name}/0002_explode.ts`,
      throwingMigration('widget index is broken')
    )
    const tenant = await fixtures.tenant(template, { modules: [broken] })
    const migration = `${fixtures.root}/modules/${broken.name}/0002_explode`

    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.provision(tenant)
    )
    assert.instanceOf(error, TenantProvisioningException)
    assert.equal(error.details.stage, 'module')
    assert.equal(error.details.migration, migration)
    assert.include(error.message, 'widget index is broken')

    await tenant.refresh()
    assert.equal(tenant.status, 'failed')
    assert.include(tenant.provisioningError, migration)
    assert.include(tenant.provisioningError, 'stage module')
    assert.include(tenant.provisioningError, 'widget index is broken')
    assert.isFalse(
      await databaseExists(tenant, tenantDatabaseName(tenant.slug)),
      'the database this run created is dropped'
    )

    const failedRows = await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('status', 'failed')
    assert.lengthOf(failedRows, 1)
    assert.equal(failedRows[0].name, migration)
    assert.equal(failedRows[0].migrationType, 'module')
    assert.equal(failedRows[0].module, broken.name)
    assert.include(failedRows[0].error, 'widget index is broken')

    const failedEvents = events.failed.filter((event) => event.tenantId === tenant.id)
    assert.lengthOf(failedEvents, 1)
    assert.equal(failedEvents[0].stage, 'module')

    // The operator deselects the broken module and retries.
    await tenant.related('modules').detach([broken.id])
    const retry = await fixtures.provisioner.provision(tenant)
    assert.equal(retry.tenant.status, 'active')
    await tenant.refresh()
    assert.equal(tenant.status, 'active')
    assert.isNull(tenant.provisioningError)
    const tables = await tenantTables(tenant)
    assert.includeMembers(tables, ['users', 'things'])
    assert.notInclude(tables, 'widgets')
    assert.equal(retry.stats.migrations, 4)
  })

  test('a template whose first migration throws records it as failed in the history', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_explode.ts`,
      throwingMigration('first template migration is broken')
    )
    await fixtures.write(
      `templates/${template.name}/0002_create_things_table.ts`,
      createTableMigration('things')
    )
    const tenant = await fixtures.tenant(template)
    const migration = `${fixtures.root}/templates/${template.name}/0001_explode`

    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.provision(tenant)
    )
    assert.equal(error.details.stage, 'template')
    assert.equal(error.details.migration, migration)

    const templateRows = await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('migration_type', 'template')
    assert.lengthOf(templateRows, 1, 'only the failed migration, nothing after it')
    const [failed] = templateRows
    assert.equal(failed.name, migration)
    assert.equal(failed.status, 'failed')
    assert.equal(failed.templateId, template.id)
    assert.isNull(failed.module)
    assert.include(failed.error, 'first template migration is broken')
    assert.equal(failed.checksum, await sourceChecksum(migration))
    assert.equal(failed.batch, 1)
  })

  test('keepFailed keeps the database of a failed run; the retry starts from an empty database', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_explode.ts`,
      throwingMigration('template is broken')
    )
    const tenant = await fixtures.tenant(template)

    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.provision(tenant, { keepFailed: true })
    )
    assert.equal(error.details.stage, 'template')
    assert.equal(
      error.details.migration,
      `${fixtures.root}/templates/${template.name}/0001_explode`
    )
    await tenant.refresh()
    assert.equal(tenant.status, 'failed')
    assert.isTrue(await databaseExists(tenant, tenant.dbName!), 'the failed database is kept')

    // The kept database holds the basic layer; leave a mark in it.
    await tenancy.run(tenant, () =>
      tenancy.db().table('users').insert({
        full_name: 'Left over',
        email: 'left@over.test',
        password: 'x',
        created_at: new Date(),
      })
    )

    // Fix: replace the broken migration with a working one, then retry.
    await fixtures.remove(`templates/${template.name}/0001_explode.ts`)
    await fixtures.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things')
    )
    await fixtures.provisioner.provision(tenant)
    await tenant.refresh()
    assert.equal(tenant.status, 'active')
    assert.include(await tenantTables(tenant), 'things')
    const users = await tenancy.run(tenant, () => tenancy.db().from('users').count('* as total'))
    assert.equal(Number(users[0].total), 0, 'the retry recreated the database')
  })

  test('a suspended tenant is not reprovisioned: its database and data stay', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const tenant = await fixtures.bareTenant(template)
    await tenancy.run(tenant, async () => {
      await tenancy.db().rawQuery('create table party_data (id int)')
      await tenancy.db().rawQuery('insert into party_data values (1)')
    })
    tenant.status = 'suspended'
    await tenant.save()

    const error = await captureError(() => fixtures.provisioner.provision(tenant))
    assert.include(error.message, 'is suspended')
    await tenant.refresh()
    assert.equal(tenant.status, 'suspended')
    const rows = await tenancy.run(tenant, () => tenancy.db().from('party_data').select('id'))
    assert.deepEqual(rows, [{ id: 1 }])
  })

  test('a second concurrent provisioning of the same tenant is refused with E_TENANT_LOCKED', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const tenant = await fixtures.tenant(template)
    const provisioner = fixtures.provisioner

    const outcomes = await Promise.allSettled([
      provisioner.provision(tenant),
      provisioner.provision(tenant),
    ])
    const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled')
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected')
    assert.lengthOf(fulfilled, 1)
    assert.lengthOf(rejected, 1)
    const reason = (rejected[0] as PromiseRejectedResult).reason
    assert.instanceOf(reason, TenantLockedException)
    assert.equal(reason.code, 'E_TENANT_LOCKED')

    await tenant.refresh()
    assert.equal(tenant.status, 'active', 'the refused attempt did not mark the tenant failed')
    assert.lengthOf(
      events.started.filter((event) => event.tenantId === tenant.id),
      1
    )
  })
})

test.group('TenantProvisioner | after provisioning', (group) => {
  let fixtures: TenancyFixtures
  let template: TenantTemplate
  let tenant: Tenant

  group.each.setup(async () => {
    fixtures = new TenancyFixtures()
    const cleanup = () => fixtures.cleanup()
    try {
      await fixtures.copyBasicLayer()
      template = await fixtures.template()
      await fixtures.write(
        `templates/${template.name}/0001_create_things_table.ts`,
        createTableMigration('things')
      )
      await fixtures.write(
        `templates/${template.name}/0002_create_gadgets_table.ts`,
        createTableMigration('gadgets')
      )
      tenant = await fixtures.tenant(template)
      await fixtures.provisioner.provision(tenant)
    } catch (error) {
      await cleanup()
      throw error
    }
    return cleanup
  })

  test('a column added by hand is reported as drift until accepted', async ({ assert }) => {
    const provisioner = fixtures.provisioner
    assert.isFalse(await provisioner.detectSchemaDrift(tenant))

    await tenancy.run(tenant, () =>
      tenancy.db().rawQuery('alter table users add column nickname text')
    )

    assert.isTrue(await provisioner.detectSchemaDrift(tenant))
    const report = await provisioner.driftReport(tenant)
    assert.isTrue(report.hasDrift)
    assert.notEqual(report.baselineHash, report.currentHash)
    assert.deepEqual(Object.keys(report.tables.changed), ['users'])
    assert.deepEqual(report.tables.changed.users.columns.added, {
      nickname: { type: 'text', nullable: true, default: null },
    })
    assert.isEmpty(report.tables.added)
    assert.isEmpty(report.tables.removed)

    // A drifted tenant is skipped by migrate() unless drift is allowed.
    const skipped = await provisioner.migrate(tenant)
    assert.equal(skipped.skipped, 'drift')

    const accepted = await provisioner.acceptDrift(tenant)
    assert.equal(accepted.reason, 'accepted')
    assert.equal(accepted.schemaHash, report.currentHash)
    assert.isFalse(await provisioner.detectSchemaDrift(tenant))
  })

  test('migrate() checks drift and takes the new snapshot on its migration connection: no pooled tenant connection', async ({
    assert,
  }) => {
    const provisioner = fixtures.provisioner
    await fixtures.write(
      `templates/${template.name}/0003_create_widgets_table.ts`,
      createTableMigration('widgets')
    )
    await tenancy.connections.closeTenant(tenant.id)
    const open = tenancy.connections.stats().open
    const result = await provisioner.migrate(tenant)
    assert.equal(result.applied, 1)
    assert.equal(tenancy.connections.stats().open, open, 'no tenant pool connection was opened')
    const snapshot = await provisioner.snapshots.latest(tenant)
    assert.equal(snapshot?.reason, 'migrated')
    assert.equal(snapshot?.schemaHash, result.schemaHash)
    assert.equal(snapshot?.schemaHash, await provisioner.generateSchemaHash(tenant))

    // Drift is still found there: a drifted tenant is skipped, nothing applied.
    await tenancy.run(tenant, () => tenancy.db().rawQuery('alter table users add column nick text'))
    await fixtures.write(
      `templates/${template.name}/0004_create_sprockets_table.ts`,
      createTableMigration('sprockets')
    )
    const skipped = await provisioner.migrate(tenant)
    assert.equal(skipped.skipped, 'drift')
    assert.equal(skipped.applied, 0)
    assert.notInclude(await tenantTables(tenant), 'sprockets')
  })

  test('migrate() failing part-way snapshots what it applied: no drift afterwards', async ({
    assert,
  }) => {
    const provisioner = fixtures.provisioner
    await fixtures.write(
      `templates/${template.name}/0003_create_widgets_table.ts`,
      createTableMigration('widgets')
    )
    await fixtures.write(
      `templates/${template.name}/0004_explode.ts`,
      throwingMigration('widgets index is broken')
    )

    const error = await captureError<TenantProvisioningException>(() => provisioner.migrate(tenant))
    assert.instanceOf(error, TenantProvisioningException)
    assert.equal(
      error.details.migration,
      `${fixtures.root}/templates/${template.name}/0004_explode`
    )
    assert.include(await tenantTables(tenant), 'widgets', '0003 was applied and committed')

    const snapshot = await provisioner.snapshots.latest(tenant)
    assert.equal(snapshot?.reason, 'migrated')
    assert.equal(snapshot?.schemaHash, await provisioner.generateSchemaHash(tenant))
    assert.isFalse(await provisioner.detectSchemaDrift(tenant))

    const rows = await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('batch', 2)
      .orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.name.split('/').pop(), row.status]),
      [
        ['0003_create_widgets_table', 'applied'],
        ['0004_explode', 'failed'],
      ]
    )
  })

  test('custom migrations added later are applied by applyCustomMigrations', async ({ assert }) => {
    const provisioner = fixtures.provisioner
    await fixtures.write(
      `custom/${tenant.slug}/0001_create_custom_notes_table.ts`,
      createTableMigration('custom_notes')
    )

    const result = await provisioner.applyCustomMigrations(tenant)
    assert.equal(result.applied, 1)
    assert.isUndefined(result.skipped)
    assert.include(await tenantTables(tenant), 'custom_notes')

    const rows = await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('migration_type', 'custom')
    assert.lengthOf(rows, 1)
    assert.equal(
      rows[0].name,
      `${fixtures.root}/custom/${tenant.slug}/0001_create_custom_notes_table`
    )
    assert.equal(rows[0].status, 'applied')
    assert.equal(rows[0].batch, 2, 'a new batch after the provisioning one')
    assert.match(rows[0].checksum, SHA256)

    // The new schema is the baseline: no drift; running again applies nothing.
    assert.isFalse(await provisioner.detectSchemaDrift(tenant))
    const again = await provisioner.applyCustomMigrations(tenant)
    assert.equal(again.applied, 0)
  })

  test('retiring a template stops new provisioning, not the migrations of existing tenants', async ({
    assert,
  }) => {
    const provisioner = fixtures.provisioner
    template.isActive = false
    await template.save()
    await fixtures.write(
      `templates/${template.name}/0003_create_widgets_table.ts`,
      createTableMigration('widgets')
    )

    const result = await provisioner.migrate(tenant)
    assert.equal(result.applied, 1)
    assert.include(await tenantTables(tenant), 'widgets')
    const status = await provisioner.status(tenant)
    assert.deepEqual(
      status.map((entry) => entry.pending.length),
      status.map(() => 0)
    )

    const newcomer = await fixtures.tenant(template)
    const error = await captureError<TenantProvisioningException>(() =>
      provisioner.provision(newcomer)
    )
    assert.equal(error.message, 'Template is not active')
  })

  test('rollback of the template layer removes its last batch and marks history rolled back', async ({
    assert,
  }) => {
    const provisioner = fixtures.provisioner
    const rolled = await provisioner.rollback(tenant, { layer: 'template' })
    assert.equal(rolled.layer?.type, 'template')
    assert.sameMembers(
      rolled.rolledBack.map((name) => name.split('/').pop()),
      ['0001_create_things_table', '0002_create_gadgets_table']
    )

    const tables = await tenantTables(tenant)
    assert.notInclude(tables, 'things')
    assert.notInclude(tables, 'gadgets')
    assert.include(tables, 'users', 'other layers are untouched')

    const rows = await TenantMigrationHistory.query().where('tenant_id', tenant.id)
    for (const row of rows) {
      assert.equal(row.status, row.migrationType === 'template' ? 'rolled_back' : 'applied')
    }

    const status = await provisioner.status(tenant)
    const templateLayer = status.find((entry) => entry.layer.type === 'template')!
    assert.isEmpty(templateLayer.applied)
    assert.deepEqual(
      templateLayer.pending.map((name) => name.split('/').pop()),
      ['0001_create_things_table', '0002_create_gadgets_table']
    )
    const basicLayer = status.find((entry) => entry.layer.type === 'basic')!
    assert.lengthOf(basicLayer.applied, 3)
    assert.isEmpty(basicLayer.pending)
    assert.isFalse(await provisioner.detectSchemaDrift(tenant), 'a snapshot follows the rollback')

    // Migrating again brings the layer back.
    const migrated = await provisioner.migrate(tenant, { layer: 'template' })
    assert.equal(migrated.applied, 2)
    assert.includeMembers(await tenantTables(tenant), ['things', 'gadgets'])
  })

  test('rollback with step removes only the last migration of the layer', async ({ assert }) => {
    const provisioner = fixtures.provisioner
    const rolled = await provisioner.rollback(tenant, { layer: 'template', step: 1 })
    assert.deepEqual(
      rolled.rolledBack.map((name) => name.split('/').pop()),
      ['0002_create_gadgets_table']
    )
    const tables = await tenantTables(tenant)
    assert.include(tables, 'things')
    assert.notInclude(tables, 'gadgets')
    const statuses = await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('migration_type', 'template')
      .orderBy('id')
    assert.deepEqual(
      statuses.map((row) => row.status),
      ['applied', 'rolled_back']
    )
  })
})
