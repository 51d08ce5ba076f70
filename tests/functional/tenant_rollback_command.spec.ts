import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import type Tenant from '#models/landlord/tenant'
import TenantMigrationHistory from '#models/landlord/tenant_migration_history'
import provisioner from '#tenancy/services/provisioner'
import tenancy from '#tenancy/services/tenancy'
import { createTenant } from '#actions/tenants/create_tenant'
import { runAce, runAceInTerminal } from '#tests/helpers/ace'
import { dropTenant, tenantTables } from '#tests/helpers/tenancy'

const TEMPLATE_TABLES = [
  'parties',
  'provinces',
  'districts',
  'local_levels',
  'members',
  'donations',
  'financial_reports',
  'audit_logs',
  'translations',
]

/**
 * tenant:rollback on a party with the real template and modules: what
 * depends on a layer keeps it, the operator is asked, and rows are never
 * destroyed without --force.
 */
test.group('tenant:rollback', (group) => {
  const slug = `rb-${randomBytes(3).toString('hex')}`
  let tenant: Tenant

  group.setup(async () => {
    tenant = await createTenant({
      slug,
      name: 'Rollback Party',
      template: 'political_party_nepal',
      modules: ['election_campaign'],
    })
    try {
      await provisioner.provision(tenant)
    } catch (error) {
      await dropTenant(tenant)
      throw error
    }
    return () => dropTenant(tenant)
  })

  const rolledBackRows = () =>
    TenantMigrationHistory.query().where('tenant_id', tenant.id).where('status', 'rolled_back')

  test('the template is refused while modules are applied: nothing dropped, not even with --force', async ({
    assert,
  }) => {
    const before = await tenantTables(tenant)
    const result = await runAce(['tenant:rollback', slug, '--layer=template', '--force'])
    assert.equal(result.exitCode, 1)
    assert.include(
      result.stderr,
      `Cannot roll back template of ${slug}: module:membership, module:election_campaign have migrations applied`
    )
    assert.deepEqual(await tenantTables(tenant), before)
    assert.includeMembers(before, TEMPLATE_TABLES)
    assert.lengthOf(await rolledBackRows(), 0)
  })

  test('a module that an applied module depends on is refused', async ({ assert }) => {
    const result = await runAce(['tenant:rollback', slug, '--module=membership', '--force'])
    assert.equal(result.exitCode, 1)
    assert.include(result.stderr, 'module:election_campaign has migrations applied')
    assert.include(await tenantTables(tenant), 'membership_fees')
  })

  test('at a terminal it asks: "n" changes nothing, "y" rolls the module back', async ({
    assert,
  }) => {
    const question = `Roll back 11 migration(s) of module:election_campaign in ${slug}?`
    const declined = await runAceInTerminal(
      ['tenant:rollback', slug, '--module=election_campaign'],
      question,
      'n'
    )
    assert.isTrue(declined.answered, declined.stdout)
    assert.equal(declined.exitCode, 1, declined.stdout)
    assert.include(declined.stdout, 'Cancelled: nothing was changed')
    assert.include(await tenantTables(tenant), 'election_campaigns')

    const accepted = await runAceInTerminal(
      ['tenant:rollback', slug, '--module=election_campaign'],
      question,
      'y'
    )
    assert.equal(accepted.exitCode, 0, accepted.stdout)
    assert.include(
      accepted.stdout,
      `${slug}: rolled back 11 migration(s) of module:election_campaign`
    )
    const tables = await tenantTables(tenant)
    assert.notInclude(tables, 'election_campaigns')
    assert.notInclude(tables, 'candidates')
    assert.include(tables, 'membership_fees')
    const rows = await rolledBackRows()
    assert.lengthOf(rows, 11)
    assert.isTrue(rows.every((row) => row.module === 'election_campaign'))
  })

  test('a template holding rows needs --force, even at a terminal, and names what would be lost', async ({
    assert,
  }) => {
    const membership = await runAce(['tenant:rollback', slug, '--module=membership', '--force'])
    assert.equal(membership.exitCode, 0, membership.stdout + membership.stderr)
    await tenancy.run(tenant, () =>
      tenancy.db().table('audit_logs').insert({ action: 'login', auditable_type: 'users' })
    )

    const refused = await runAceInTerminal(
      ['tenant:rollback', slug, '--layer=template'],
      'Roll back',
      'y'
    )
    assert.isFalse(refused.answered, 'no question is asked')
    assert.equal(refused.exitCode, 1)
    for (const loss of [
      'audit_logs (1 row)',
      'provinces (7 rows)',
      'districts (77 rows)',
      'local_levels (753 rows)',
    ]) {
      assert.include(refused.stdout, loss)
    }
    assert.include(refused.stdout, 'run again with --force to destroy it')
    assert.includeMembers(await tenantTables(tenant), TEMPLATE_TABLES)

    const forced = await runAce(['tenant:rollback', slug, '--layer=template', '--force'])
    assert.equal(forced.exitCode, 0, forced.stdout + forced.stderr)
    assert.include(forced.stdout, 'audit_logs (1 row)')
    const templateFiles = await readdir(
      app.makePath('database/migrations/tenant/templates/political_party_nepal')
    )
    const templateMigrations = templateFiles.filter((file) => file.endsWith('.ts')).length
    assert.include(
      forced.stdout,
      `${slug}: rolled back ${templateMigrations} migration(s) of template`
    )
    const tables = await tenantTables(tenant)
    for (const table of TEMPLATE_TABLES) assert.notInclude(tables, table)
    assert.include(tables, 'users', 'basic stays')

    await tenant.refresh()
    assert.equal(tenant.status, 'active')
    const drift = await runAce(['tenant:drift', slug])
    assert.equal(drift.exitCode, 0, 'a snapshot follows the rollback')
  })
})
