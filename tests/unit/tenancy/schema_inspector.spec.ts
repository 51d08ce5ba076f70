import { test } from '@japa/runner'
import { SchemaInspector, canonicalJson, type SchemaSnapshot } from '#tenancy/schema_inspector'

const inspector = new SchemaInspector()

/**
 * A small tenant schema, built fresh for every test so tests can mutate it.
 */
function baseline(): SchemaSnapshot {
  return {
    tables: {
      users: {
        columns: {
          id: { type: 'integer', nullable: false, default: "nextval('users_id_seq'::regclass)" },
          email: { type: 'character varying(254)', nullable: false, default: null },
          locale: { type: 'character varying(5)', nullable: false, default: "'ne'" },
        },
        indexes: {
          users_pkey: 'CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)',
          users_email_unique:
            'CREATE UNIQUE INDEX users_email_unique ON public.users USING btree (email)',
        },
        constraints: {
          users_pkey: 'PRIMARY KEY (id)',
          users_email_unique: 'UNIQUE (email)',
        },
        triggers: {},
      },
      members: {
        columns: {
          id: { type: 'integer', nullable: false, default: null },
          province: { type: 'smallint', nullable: true, default: null },
        },
        indexes: {},
        constraints: { members_pkey: 'PRIMARY KEY (id)' },
        triggers: {},
      },
    },
    enums: { donor_type: ['individual', 'organisation'] },
    functions: { 'audit_row()': 'd41d8cd98f00b204e9800998ecf8427e' },
  }
}

test.group('SchemaInspector.diff', () => {
  test('identical schemas: no drift, equal hashes', ({ assert }) => {
    const report = inspector.diff(baseline(), baseline())
    assert.isFalse(report.hasDrift)
    assert.equal(report.baselineHash, report.currentHash)
    assert.match(report.currentHash, /^[0-9a-f]{64}$/)
    assert.deepEqual(report.tables, { added: [], removed: [], changed: {} })
    assert.deepEqual(report.enums, { added: [], removed: [], changed: {} })
    assert.deepEqual(report.functions, { added: [], removed: [], changed: [] })
  })

  test('the hash ignores key order but not content', ({ assert }) => {
    const reordered = JSON.parse(canonicalJson(baseline())) as SchemaSnapshot
    const users = reordered.tables.users
    reordered.tables = { members: reordered.tables.members, users: { ...users } }
    users.columns = {
      locale: users.columns.locale,
      id: users.columns.id,
      email: users.columns.email,
    }
    assert.equal(inspector.hash(reordered), inspector.hash(baseline()))

    const changed = baseline()
    changed.tables.users.columns.locale.default = "'en'"
    assert.notEqual(inspector.hash(changed), inspector.hash(baseline()))
  })

  test('a column added by hand, one removed and one changed', ({ assert }) => {
    const live = baseline()
    live.tables.users.columns.nickname = { type: 'text', nullable: true, default: null }
    delete live.tables.members.columns.province
    live.tables.users.columns.email = { type: 'text', nullable: true, default: null }

    const report = inspector.diff(baseline(), live)
    assert.isTrue(report.hasDrift)
    assert.notEqual(report.baselineHash, report.currentHash)
    assert.deepEqual(Object.keys(report.tables.changed).sort(), ['members', 'users'])
    assert.deepEqual(report.tables.changed.users.columns.added, {
      nickname: { type: 'text', nullable: true, default: null },
    })
    assert.deepEqual(report.tables.changed.users.columns.changed.email, {
      before: { type: 'character varying(254)', nullable: false, default: null },
      after: { type: 'text', nullable: true, default: null },
    })
    assert.deepEqual(report.tables.changed.members.columns.removed, {
      province: { type: 'smallint', nullable: true, default: null },
    })
    assert.isEmpty(report.tables.changed.users.indexes.added)
  })

  test('a column whose nullability alone changed is drift', ({ assert }) => {
    const live = baseline()
    live.tables.members.columns.province.nullable = false

    const report = inspector.diff(baseline(), live)
    assert.isTrue(report.hasDrift)
    assert.notEqual(report.baselineHash, report.currentHash)
    assert.deepEqual(Object.keys(report.tables.changed), ['members'])
    assert.deepEqual(report.tables.changed.members.columns, {
      added: {},
      removed: {},
      changed: {
        province: {
          before: { type: 'smallint', nullable: true, default: null },
          after: { type: 'smallint', nullable: false, default: null },
        },
      },
    })
  })

  test('an index added alone is drift', ({ assert }) => {
    const live = baseline()
    const definition = 'CREATE INDEX members_province_idx ON public.members USING btree (province)'
    live.tables.members.indexes.members_province_idx = definition

    const report = inspector.diff(baseline(), live)
    assert.isTrue(report.hasDrift)
    assert.deepEqual(Object.keys(report.tables.changed), ['members'])
    const members = report.tables.changed.members
    assert.deepEqual(members.indexes, {
      added: { members_province_idx: definition },
      removed: {},
      changed: {},
    })
    assert.deepEqual(members.columns, { added: {}, removed: {}, changed: {} })
    assert.deepEqual(members.constraints, { added: {}, removed: {}, changed: {} })
    assert.deepEqual(members.triggers, { added: {}, removed: {}, changed: {} })
  })

  test('an index or a trigger removed alone is drift', ({ assert }) => {
    const withTrigger = baseline()
    withTrigger.tables.members.triggers.members_audit =
      'CREATE TRIGGER members_audit AFTER UPDATE ON members FOR EACH ROW EXECUTE FUNCTION audit_row()'
    const live = baseline()
    delete live.tables.users.indexes.users_email_unique

    const report = inspector.diff(withTrigger, live)
    assert.isTrue(report.hasDrift)
    assert.deepEqual(Object.keys(report.tables.changed).sort(), ['members', 'users'])
    assert.deepEqual(Object.keys(report.tables.changed.users.indexes.removed), [
      'users_email_unique',
    ])
    assert.deepEqual(Object.keys(report.tables.changed.members.triggers.removed), ['members_audit'])
  })

  test('tables added and removed', ({ assert }) => {
    const live = baseline()
    delete live.tables.members
    live.tables.scratch = { columns: {}, indexes: {}, constraints: {}, triggers: {} }
    const report = inspector.diff(baseline(), live)
    assert.isTrue(report.hasDrift)
    assert.deepEqual(report.tables.added, ['scratch'])
    assert.deepEqual(report.tables.removed, ['members'])
    assert.deepEqual(report.tables.changed, {})
  })

  test('indexes, constraints and triggers are compared by definition', ({ assert }) => {
    const live = baseline()
    live.tables.users.indexes.users_email_unique =
      'CREATE UNIQUE INDEX users_email_unique ON public.users USING btree (lower((email)::text))'
    delete live.tables.users.constraints.users_email_unique
    live.tables.members.triggers.members_audit =
      'CREATE TRIGGER members_audit AFTER UPDATE ON members FOR EACH ROW EXECUTE FUNCTION audit_row()'

    const report = inspector.diff(baseline(), live)
    assert.isTrue(report.hasDrift)
    assert.deepEqual(Object.keys(report.tables.changed.users.indexes.changed), [
      'users_email_unique',
    ])
    assert.deepEqual(report.tables.changed.users.constraints.removed, {
      users_email_unique: 'UNIQUE (email)',
    })
    assert.deepEqual(Object.keys(report.tables.changed.members.triggers.added), ['members_audit'])
  })

  test('enums and functions', ({ assert }) => {
    const live = baseline()
    live.enums.donor_type = ['individual', 'organisation', 'anonymous']
    live.enums.payment_method = ['cash', 'bank']
    live.functions['audit_row()'] = '0cc175b9c0f1b6a831c399e269772661'
    live.functions['fiscal_year(date)'] = '92eb5ffee6ae2fec3ad71c777531578f'

    const report = inspector.diff(baseline(), live)
    assert.isTrue(report.hasDrift)
    assert.deepEqual(report.enums.added, ['payment_method'])
    assert.deepEqual(report.enums.changed.donor_type, {
      before: ['individual', 'organisation'],
      after: ['individual', 'organisation', 'anonymous'],
    })
    assert.deepEqual(report.functions, {
      added: ['fiscal_year(date)'],
      removed: [],
      changed: ['audit_row()'],
    })
    assert.deepEqual(report.tables.changed, {})
  })

  test('without a baseline everything is new drift', ({ assert }) => {
    const report = inspector.diff(null, baseline())
    assert.isTrue(report.hasDrift)
    assert.isNull(report.baselineHash)
    assert.deepEqual(report.tables.added, ['members', 'users'])
    assert.deepEqual(report.enums.added, ['donor_type'])
    assert.deepEqual(report.functions.added, ['audit_row()'])
  })

  test('an empty schema against an empty baseline has no drift', ({ assert }) => {
    const empty: SchemaSnapshot = { tables: {}, enums: {}, functions: {} }
    assert.isFalse(inspector.diff(empty, { tables: {}, enums: {}, functions: {} }).hasDrift)
  })
})

test.group('SchemaInspector.diff | each kind of drift alone', () => {
  const only = (mutate: (live: SchemaSnapshot) => void) => {
    const live = baseline()
    mutate(live)
    return inspector.diff(baseline(), live)
  }

  test('a table removed alone', ({ assert }) => {
    const report = only((live) => delete live.tables.members)
    assert.isTrue(report.hasDrift)
    assert.deepEqual(report.tables.removed, ['members'])
  })

  test('a table added alone', ({ assert }) => {
    const report = only((live) => {
      live.tables.scratch = { columns: {}, indexes: {}, constraints: {}, triggers: {} }
    })
    assert.isTrue(report.hasDrift)
    assert.deepEqual(report.tables.added, ['scratch'])
  })

  test('an enum added, removed or changed alone', ({ assert }) => {
    const added = only((live) => {
      live.enums.payment_method = ['cash']
    })
    assert.isTrue(added.hasDrift)
    assert.deepEqual(added.enums, { added: ['payment_method'], removed: [], changed: {} })

    const removed = only((live) => delete live.enums.donor_type)
    assert.isTrue(removed.hasDrift)
    assert.deepEqual(removed.enums, { added: [], removed: ['donor_type'], changed: {} })

    const reordered = only((live) => {
      live.enums.donor_type = ['organisation', 'individual']
    })
    assert.isTrue(reordered.hasDrift, 'enum label order matters')
    assert.deepEqual(Object.keys(reordered.enums.changed), ['donor_type'])
  })

  test('a function added, removed or changed alone', ({ assert }) => {
    const added = only((live) => {
      live.functions['fiscal_year(date)'] = '92eb5ffee6ae2fec3ad71c777531578f'
    })
    assert.isTrue(added.hasDrift)
    assert.deepEqual(added.functions, { added: ['fiscal_year(date)'], removed: [], changed: [] })

    const removed = only((live) => delete live.functions['audit_row()'])
    assert.isTrue(removed.hasDrift)
    assert.deepEqual(removed.functions, { added: [], removed: ['audit_row()'], changed: [] })

    const changed = only((live) => {
      live.functions['audit_row()'] = '0cc175b9c0f1b6a831c399e269772661'
    })
    assert.isTrue(changed.hasDrift)
    assert.deepEqual(changed.functions, { added: [], removed: [], changed: ['audit_row()'] })
  })

  test('canonical JSON sorts object keys but keeps array order', ({ assert }) => {
    assert.equal(canonicalJson({ b: [2, 1], a: { d: 1, c: 2 } }), '{"a":{"c":2,"d":1},"b":[2,1]}')
    assert.equal(canonicalJson([{ b: 1, a: 2 }]), '[{"a":2,"b":1}]')
  })
})
