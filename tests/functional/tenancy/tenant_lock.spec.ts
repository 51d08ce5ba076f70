import { test } from '@japa/runner'
import pg from 'pg'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/landlord/tenant'
import provisioner from '#tenancy/services/provisioner'
import { TENANT_LOCK_NAMESPACE } from '#tenancy/provisioning_pipeline'
import { TenantLockedException } from '#tenancy/exceptions'
import { TenancyFixtures, createTableMigration, tenantTables } from '#tests/helpers/tenancy'

/**
 * Migrations and rollbacks take the tenant's lock, the one provisioning and
 * tenant:move hold: never two of them on one tenant at once, and never on
 * a tenant whose row changed (moved) after it was read.
 */
test.group('Tenant lock around migrations and rollbacks', (group) => {
  const fixtures = new TenancyFixtures()
  let tenant: Tenant
  let holder: pg.Client

  group.setup(async () => {
    await fixtures.copyBasicLayer()
    const template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_create_widgets.ts`,
      createTableMigration('widgets')
    )
    tenant = await fixtures.tenant(template)
    await fixtures.provisioner.provision(tenant)
    return () => fixtures.cleanup()
  })

  group.each.setup(async () => {
    holder = new pg.Client({ ...provisioner.options.landlord })
    await holder.connect()
    return () => holder.end()
  })

  /** Takes the tenant's lock as another process (provisioning, tenant:move) would. */
  async function holdLock() {
    await holder.query('select pg_advisory_lock($1, $2)', [TENANT_LOCK_NAMESPACE, tenant.id])
    return () =>
      holder.query('select pg_advisory_unlock($1, $2)', [TENANT_LOCK_NAMESPACE, tenant.id])
  }

  test('a migration refuses a tenant another process holds, and runs once it is free', async ({
    assert,
  }) => {
    await fixtures.write(
      `templates/${tenant.template.name}/0002_create_gadgets.ts`,
      createTableMigration('gadgets')
    )
    const release = await holdLock()
    await assert.rejects(() => fixtures.provisioner.migrate(tenant), TenantLockedException as any)
    assert.notInclude(await tenantTables(tenant), 'gadgets', 'nothing ran while locked')
    // Reading what is pending needs no lock.
    const dry = await fixtures.provisioner.migrate(tenant, { dryRun: true })
    assert.equal(dry.pending, 1)

    await release()
    const result = await fixtures.provisioner.migrate(tenant)
    assert.equal(result.applied, 1)
    assert.include(await tenantTables(tenant), 'gadgets')

    // The lock was released with the run: taking it again works at once.
    const again = await holder.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1, $2) as locked',
      [TENANT_LOCK_NAMESPACE, tenant.id]
    )
    assert.isTrue(again.rows[0].locked)
    await holder.query('select pg_advisory_unlock($1, $2)', [TENANT_LOCK_NAMESPACE, tenant.id])
  })

  test('a rollback refuses a locked tenant and loses nothing', async ({ assert }) => {
    const release = await holdLock()
    try {
      await assert.rejects(
        () => fixtures.provisioner.rollback(tenant, { layer: 'template' }),
        TenantLockedException as any
      )
      assert.include(await tenantTables(tenant), 'widgets')
    } finally {
      await release()
    }
  })

  test('a failed migration releases the lock', async ({ assert }) => {
    await fixtures.write(
      `templates/${tenant.template.name}/0003_broken.ts`,
      createTableMigration('widgets')
    )
    await assert.rejects(() => fixtures.provisioner.migrate(tenant))
    const free = await holder.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1, $2) as locked',
      [TENANT_LOCK_NAMESPACE, tenant.id]
    )
    assert.isTrue(free.rows[0].locked)
    await holder.query('select pg_advisory_unlock($1, $2)', [TENANT_LOCK_NAMESPACE, tenant.id])
    await fixtures.remove(`templates/${tenant.template.name}/0003_broken.ts`)
  })

  test('a tenant moved after it was read is refused, not migrated at its old address', async ({
    assert,
  }) => {
    await fixtures.write(
      `templates/${tenant.template.name}/0004_create_sprockets.ts`,
      createTableMigration('sprockets')
    )
    const landlord = db.connection('landlord')
    // As tenant:move switches the row once the copy is verified.
    await landlord.from('tenants').where('id', tenant.id).update({ db_port: 1 })
    try {
      await assert.rejects(
        () => fixtures.provisioner.migrate(tenant),
        /moved or removed since it was read/
      )
    } finally {
      await landlord.from('tenants').where('id', tenant.id).update({ db_port: tenant.dbPort })
    }
    assert.notInclude(await tenantTables(tenant), 'sprockets')
    await fixtures.provisioner.migrate(tenant)
    assert.include(await tenantTables(tenant), 'sprockets')
  })

  test('many waiting on a locked tenant are all answered, none hangs on the landlord pool', async ({
    assert,
  }) => {
    const release = await holdLock()
    try {
      // More at once than the landlord pool has connections for locks.
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, () => fixtures.provisioner.migrate(tenant))
      )
      for (const outcome of outcomes) {
        assert.equal(outcome.status, 'rejected')
        if (outcome.status === 'rejected') assert.instanceOf(outcome.reason, TenantLockedException)
      }
    } finally {
      await release()
    }
  })
})
