import { test } from '@japa/runner'
import tenancy from '#tenancy/services/tenancy'
import { SchemaInspector } from '#tenancy/schema_inspector'
import { TenancyFixtures } from '#tests/helpers/tenancy'

const SCHEMA = [
  `create type donor_type as enum ('individual', 'organisation')`,
  `create table donations (
     id serial primary key,
     donor donor_type not null,
     amount numeric(12, 2) not null default 0 check (amount >= 0),
     note text
   )`,
  `create index donations_amount_idx on donations (amount)`,
  `create function audit_row() returns trigger language plpgsql as $$ begin return new; end $$`,
  `create trigger donations_audit before update on donations
     for each row execute function audit_row()`,
  `create table schema_migrations_basic (id int)`,
]

test.group('SchemaInspector | live PostgreSQL schema', (group) => {
  let fixtures: TenancyFixtures

  group.each.setup(() => {
    fixtures = new TenancyFixtures()
    return () => fixtures.cleanup()
  })

  test('captures tables, columns, indexes, constraints, triggers, enums and functions', async ({
    assert,
  }) => {
    const tenant = await fixtures.bareTenant(await fixtures.template())
    const inspector = new SchemaInspector()

    const snapshot = await tenancy.run(tenant, async () => {
      for (const statement of SCHEMA) await tenancy.db().rawQuery(statement)
      return inspector.snapshot(tenancy.db())
    })

    assert.deepEqual(Object.keys(snapshot.tables), ['donations'], 'tracking tables are excluded')
    const donations = snapshot.tables.donations
    assert.deepEqual(donations.columns.donor, {
      type: 'donor_type',
      nullable: false,
      default: null,
    })
    assert.deepEqual(donations.columns.amount, {
      type: 'numeric(12,2)',
      nullable: false,
      default: '0',
    })
    assert.deepEqual(donations.columns.note, { type: 'text', nullable: true, default: null })
    assert.match(donations.columns.id.default!, /^nextval\('donations_id_seq'/)
    assert.sameMembers(Object.keys(donations.indexes), ['donations_pkey', 'donations_amount_idx'])
    assert.include(Object.values(donations.constraints), 'PRIMARY KEY (id)')
    assert.include(Object.values(donations.constraints), 'CHECK (amount >= 0::numeric)')
    assert.deepEqual(Object.keys(donations.triggers), ['donations_audit'])
    assert.deepEqual(snapshot.enums, { donor_type: ['individual', 'organisation'] })
    assert.deepEqual(Object.keys(snapshot.functions), ['audit_row()'])

    // The same schema read twice hashes the same; a change to an enum is drift.
    const again = await tenancy.run(tenant, () => inspector.snapshot(tenancy.db()))
    assert.equal(inspector.hash(again), inspector.hash(snapshot))

    const changed = await tenancy.run(tenant, async () => {
      await tenancy.db().rawQuery(`alter type donor_type add value 'anonymous'`)
      return inspector.snapshot(tenancy.db())
    })
    const report = inspector.diff(snapshot, changed)
    assert.isTrue(report.hasDrift)
    assert.deepEqual(report.enums.changed.donor_type, {
      before: ['individual', 'organisation'],
      after: ['individual', 'organisation', 'anonymous'],
    })
  })

  test('SET NOT NULL alone on a live column is reported as drift', async ({ assert }) => {
    const tenant = await fixtures.bareTenant(await fixtures.template())
    const inspector = new SchemaInspector()
    const before = await tenancy.run(tenant, async () => {
      for (const statement of SCHEMA) await tenancy.db().rawQuery(statement)
      return inspector.snapshot(tenancy.db())
    })

    const after = await tenancy.run(tenant, async () => {
      await tenancy.db().rawQuery('alter table donations alter column note set not null')
      return inspector.snapshot(tenancy.db())
    })

    const report = inspector.diff(before, after)
    assert.isTrue(report.hasDrift)
    assert.deepEqual(report.tables.changed.donations.columns, {
      added: {},
      removed: {},
      changed: {
        note: {
          before: { type: 'text', nullable: true, default: null },
          after: { type: 'text', nullable: false, default: null },
        },
      },
    })
    assert.isEmpty(report.tables.changed.donations.indexes.added)
    assert.isEmpty(report.tables.changed.donations.constraints.added)
  })

  test('CREATE INDEX alone on a live table is reported as drift', async ({ assert }) => {
    const tenant = await fixtures.bareTenant(await fixtures.template())
    const inspector = new SchemaInspector()
    const before = await tenancy.run(tenant, async () => {
      for (const statement of SCHEMA) await tenancy.db().rawQuery(statement)
      return inspector.snapshot(tenancy.db())
    })

    const after = await tenancy.run(tenant, async () => {
      await tenancy.db().rawQuery('create index donations_note_idx on donations (note)')
      return inspector.snapshot(tenancy.db())
    })

    const report = inspector.diff(before, after)
    assert.isTrue(report.hasDrift)
    assert.deepEqual(Object.keys(report.tables.changed), ['donations'])
    const donations = report.tables.changed.donations
    assert.deepEqual(donations.indexes.added, {
      donations_note_idx: 'CREATE INDEX donations_note_idx ON public.donations USING btree (note)',
    })
    assert.deepEqual(donations.columns, { added: {}, removed: {}, changed: {} })
    assert.deepEqual(donations.constraints, { added: {}, removed: {}, changed: {} })
  })
})
