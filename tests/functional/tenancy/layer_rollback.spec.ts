import { test } from '@japa/runner'
import type Tenant from '#models/landlord/tenant'
import type TenantTemplate from '#models/landlord/tenant_template'
import type TemplateModule from '#models/landlord/template_module'
import TenantMigrationHistory from '#models/landlord/tenant_migration_history'
import tenancy from '#tenancy/services/tenancy'
import { RollbackRefusedException } from '#tenancy/layer_rollback'
import { TenantProvisioningException } from '#tenancy/exceptions'
import { TenancyFixtures, createTableMigration, tenantTables } from '#tests/helpers/tenancy'

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
 * A migration whose up() creates `table` and whose down() throws after
 * dropping it: a batch it is part of must roll back as a whole or not at all.
 */
function failingDownMigration(table: string) {
  return `import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('${table}', (table) => {
      table.increments('id')
    })
  }

  async down() {
    this.schema.dropTable('${table}')
    this.schema.raw('select this_function_does_not_exist()')
  }
}
`
}

/**
 * A migration adding a text column `column` to `table`, dropped by down().
 */
function addColumnMigration(table: string, column: string) {
  return `import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('${table}', (table) => {
      table.text('${column}').nullable()
    })
  }

  async down() {
    this.schema.alterTable('${table}', (table) => {
      table.dropColumn('${column}')
    })
  }
}
`
}

const insert = (tenant: Tenant, sql: string) =>
  tenancy.run(tenant, () => tenancy.db().rawQuery(sql))

/**
 * A tenant with the real basic layer, a template (things, gadgets), a base
 * module with `items` and a module depending on it with `extras`. Both
 * modules hold a migration file named the same.
 */
test.group('LayerRollback | rolls back only what nothing depends on', (group) => {
  let fixtures: TenancyFixtures
  let template: TenantTemplate
  let base: TemplateModule
  let dependent: TemplateModule
  let tenant: Tenant

  group.each.setup(async () => {
    fixtures = new TenancyFixtures()
    const cleanup = () => fixtures.cleanup()
    try {
      await fixtures.copyBasicLayer()
      template = await fixtures.template()
      base = await fixtures.module()
      dependent = await fixtures.module({ dependsOn: [base.name] })
      await fixtures.write(
        `templates/${template.name}/0001_create_things_table.ts`,
        createTableMigration('things')
      )
      await fixtures.write(
        `templates/${template.name}/0002_create_gadgets_table.ts`,
        createTableMigration('gadgets')
      )
      await fixtures.write(
        `modules/${base.name}/0001_create_module_table.ts`,
        createTableMigration('items')
      )
      await fixtures.write(
        `modules/${dependent.name}/0001_create_module_table.ts`,
        createTableMigration('extras')
      )
      tenant = await fixtures.tenant(template, { modules: [dependent] })
      await fixtures.provisioner.provision(tenant)
    } catch (error) {
      await cleanup()
      throw error
    }
    return cleanup
  })

  test('the template is refused while modules are applied, and nothing is dropped', async ({
    assert,
  }) => {
    const before = await tenantTables(tenant)
    const error = await captureError<RollbackRefusedException>(() =>
      fixtures.provisioner.rollback(tenant, { layer: 'template', allowDataLoss: true })
    )
    assert.instanceOf(error, RollbackRefusedException)
    assert.include(error.message, `module:${base.name}`)
    assert.include(error.message, `module:${dependent.name}`)
    assert.deepEqual(await tenantTables(tenant), before)
    const rolledBack = await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('status', 'rolled_back')
    assert.lengthOf(rolledBack, 0)
  })

  test('basic is refused while the template is applied', async ({ assert }) => {
    const error = await captureError<RollbackRefusedException>(() =>
      fixtures.provisioner.rollback(tenant, { layer: 'basic', allowDataLoss: true })
    )
    assert.instanceOf(error, RollbackRefusedException)
    assert.include(error.message, 'template')
    assert.include(await tenantTables(tenant), 'users')
  })

  test('a module is refused while a module depending on it is applied; in order, both go and only their own history rows', async ({
    assert,
  }) => {
    const refused = await captureError<RollbackRefusedException>(() =>
      fixtures.provisioner.rollback(tenant, { module: base.name })
    )
    assert.instanceOf(refused, RollbackRefusedException)
    assert.include(refused.message, `module:${dependent.name}`)
    assert.include(await tenantTables(tenant), 'items')

    const first = await fixtures.provisioner.rollback(tenant, { module: dependent.name })
    assert.equal(first.layer?.key, `module:${dependent.name}`)
    assert.notInclude(await tenantTables(tenant), 'extras')
    const history = await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('migration_type', 'module')
    assert.deepEqual(
      Object.fromEntries(history.map((row) => [row.module, row.status])),
      { [dependent.name]: 'rolled_back', [base.name]: 'applied' },
      'the same-named file of the other module stays applied'
    )

    await fixtures.provisioner.rollback(tenant, { module: base.name })
    assert.notInclude(await tenantTables(tenant), 'items')
    assert.includeMembers(await tenantTables(tenant), ['things', 'gadgets'])

    // With no module applied, the template may go.
    const templateRun = await fixtures.provisioner.rollback(tenant, { layer: 'template' })
    assert.lengthOf(templateRun.rolledBack, 2)
  })

  test('--layer=module needs the module named when the tenant has several', async ({ assert }) => {
    const error = await captureError<RollbackRefusedException>(() =>
      fixtures.provisioner.rollback(tenant, { layer: 'module' })
    )
    assert.instanceOf(error, RollbackRefusedException)
    assert.include(error.message, '--module')
    const unknown = await captureError<RollbackRefusedException>(() =>
      fixtures.provisioner.rollback(tenant, { module: 'no_such_module' })
    )
    assert.include(unknown.message, 'has no module "no_such_module"')
  })

  test('a table holding rows is not dropped without allowDataLoss; the plan counts them', async ({
    assert,
  }) => {
    await fixtures.provisioner.rollback(tenant, { module: dependent.name })
    await insert(tenant, `insert into items (name) values ('a'), ('b'), ('c')`)

    const plan = await fixtures.provisioner.planRollback(tenant, { module: base.name })
    assert.deepEqual(plan.losses, [{ table: 'items', rows: 3 }])
    assert.isEmpty(plan.blockedBy)

    const error = await captureError<RollbackRefusedException>(() =>
      fixtures.provisioner.rollback(tenant, { module: base.name })
    )
    assert.instanceOf(error, RollbackRefusedException)
    assert.include(error.message, 'items (3 rows)')
    assert.include(await tenantTables(tenant), 'items')

    const done = await fixtures.provisioner.rollback(tenant, {
      module: base.name,
      allowDataLoss: true,
    })
    assert.lengthOf(done.rolledBack, 1)
    assert.notInclude(await tenantTables(tenant), 'items')
  })
})

test.group('LayerRollback | one transaction, columns count too', (group) => {
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
        `templates/${template.name}/0002_create_fragile_table.ts`,
        failingDownMigration('fragile')
      )
      tenant = await fixtures.tenant(template)
      await fixtures.provisioner.provision(tenant)
    } catch (error) {
      await cleanup()
      throw error
    }
    return cleanup
  })

  test('a down() failing half-way leaves every migration of the batch in place', async ({
    assert,
  }) => {
    const error = await captureError<TenantProvisioningException>(() =>
      fixtures.provisioner.rollback(tenant, { layer: 'template' })
    )
    assert.instanceOf(error, TenantProvisioningException)
    assert.include(error.message, 'this_function_does_not_exist')

    // fragile's down() ran first and dropped it; the transaction brought it back.
    assert.includeMembers(await tenantTables(tenant), ['things', 'fragile'])
    const status = await fixtures.provisioner.status(tenant)
    const templateLayer = status.find((entry) => entry.layer.type === 'template')!
    assert.lengthOf(templateLayer.applied, 2)
    assert.isEmpty(templateLayer.pending)
    const history = await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('migration_type', 'template')
    assert.deepEqual(
      history.map((row) => row.status),
      ['applied', 'applied']
    )
    assert.isFalse(await fixtures.provisioner.detectSchemaDrift(tenant))
  })

  test('a dropped column holding values counts as data loss', async ({ assert }) => {
    await fixtures.write(
      `templates/${template.name}/0003_add_colour_to_things.ts`,
      addColumnMigration('things', 'colour')
    )
    await fixtures.provisioner.migrate(tenant, { layer: 'template' })
    await insert(tenant, `insert into things (name, colour) values ('a', 'red'), ('b', null)`)

    const plan = await fixtures.provisioner.planRollback(tenant, { layer: 'template' })
    assert.deepEqual(plan.losses, [{ table: 'things', column: 'colour', rows: 1 }])
    const error = await captureError<RollbackRefusedException>(() =>
      fixtures.provisioner.rollback(tenant, { layer: 'template' })
    )
    assert.include(error.message, 'things.colour (1 value)')

    const done = await fixtures.provisioner.rollback(tenant, {
      layer: 'template',
      allowDataLoss: true,
    })
    assert.lengthOf(done.rolledBack, 1)
    const columns = await tenancy.run(tenant, () => tenancy.db().columnsInfo('things'))
    assert.notProperty(columns, 'colour')
  })
})
