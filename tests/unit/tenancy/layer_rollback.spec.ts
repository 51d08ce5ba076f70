import { test } from '@japa/runner'
import { describeLosses, droppedBy, refusalOf } from '#tenancy/layer_rollback'
import type { MigrationLayer } from '#tenancy/layers'

const template: MigrationLayer = {
  type: 'template',
  owner: 'political_party_nepal',
  key: 'template',
  path: 'database/migrations/tenant/templates/political_party_nepal',
  trackingTable: 'schema_migrations_template',
}

test.group('droppedBy: what a down() destroys, read from its SQL', () => {
  test("finds the tables Lucid's schema builder and raw SQL drop or empty", ({ assert }) => {
    assert.deepEqual(
      droppedBy([
        'drop table "donations"',
        'DROP FUNCTION donations_apply_limits()',
        'drop table if exists "audit_logs"',
        'DROP TABLE IF EXISTS public.pledges, "Odd ""Name""" CASCADE',
        'truncate table only "members"',
      ]),
      [
        { table: 'donations' },
        { table: 'audit_logs' },
        { table: 'public.pledges' },
        { table: 'Odd "Name"' },
        { table: 'members' },
      ]
    )
  })

  test('finds dropped columns, not dropped constraints, defaults or indexes', ({ assert }) => {
    assert.deepEqual(
      droppedBy([
        'alter table "members" drop column "nickname", drop column if exists "twitter"',
        'alter table "members" drop constraint "members_email_unique"',
        'alter table "members" alter column "ward" drop not null',
        'alter table "members" alter column "ward" drop default',
        'drop index "members_ward_index"',
      ]),
      [
        { table: 'members', column: 'nickname' },
        { table: 'members', column: 'twitter' },
      ]
    )
  })

  test('names each table once, bare names in lower case as PostgreSQL does', ({ assert }) => {
    assert.deepEqual(droppedBy(['DROP TABLE Things', 'drop table "things"']), [{ table: 'things' }])
  })
})

test.group('refusalOf', () => {
  const tenant = { slug: 'demo-party' }

  test('layers built on top refuse the rollback, even with allowDataLoss', ({ assert }) => {
    const plan = {
      layer: template,
      migrations: ['x'],
      blockedBy: ['module:membership'],
      losses: [],
    }
    assert.equal(
      refusalOf(tenant, plan, { allowDataLoss: true }),
      'Cannot roll back template of demo-party: module:membership has migrations applied and depends on it; roll it back first'
    )
  })

  test('a single row refuses it without allowDataLoss; empty tables do not', ({ assert }) => {
    const losses = [
      { table: 'provinces', rows: 0 },
      { table: 'audit_logs', rows: 1 },
    ]
    const plan = { layer: template, migrations: ['x'], blockedBy: [], losses }
    assert.equal(
      refusalOf(tenant, plan, {}),
      'Rolling back template of demo-party would destroy audit_logs (1 row)'
    )
    assert.isNull(refusalOf(tenant, plan, { allowDataLoss: true }))
    assert.isNull(refusalOf(tenant, { ...plan, losses: [losses[0]] }, {}))
  })

  test('describes rows and column values', ({ assert }) => {
    assert.equal(
      describeLosses([
        { table: 'donations', rows: 12 },
        { table: 'members', column: 'nickname', rows: 1 },
      ]),
      'donations (12 rows), members.nickname (1 value)'
    )
  })
})
