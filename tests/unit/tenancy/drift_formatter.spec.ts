import { test } from '@japa/runner'
import type { DriftReport } from '#tenancy/schema_inspector'
import { describeDrift } from '#tenancy/cli/drift_formatter'
import { driftEntries } from '#tenancy/drift_entries'

const empty = { added: {}, removed: {}, changed: {} }

const report: DriftReport = {
  hasDrift: true,
  baselineHash: 'a'.repeat(64),
  currentHash: 'b'.repeat(64),
  tables: {
    added: ['hotfix_notes'],
    removed: ['old_notes'],
    changed: {
      members: {
        columns: {
          added: { nickname: { type: 'text', nullable: false, default: null } },
          removed: { fax: { type: 'text', nullable: true, default: null } },
          changed: {
            phone: {
              before: { type: 'text', nullable: true, default: null },
              after: { type: 'text', nullable: false, default: null },
            },
          },
        },
        indexes: {
          added: { members_nick_idx: 'CREATE INDEX members_nick_idx ON members (nickname)' },
          removed: {},
          changed: {},
        },
        constraints: { ...empty, removed: { members_phone_check: "CHECK (phone <> '')" } },
        triggers: {
          ...empty,
          changed: { audit: { before: 'AFTER INSERT', after: 'AFTER INSERT OR UPDATE' } },
        },
      },
    },
  },
  enums: {
    added: ['member_kind'],
    removed: [],
    changed: { gender: { before: ['m'], after: ['m', 'f'] } },
  },
  functions: { added: [], removed: [], changed: ['assert_nepal_geography'] },
}

test.group('Drift report lines (tenant:drift) and entries (console)', () => {
  test('one line per entry, in the report order, with the definitions', ({ assert }) => {
    assert.deepEqual(describeDrift(report), [
      '+ table hotfix_notes',
      '- table old_notes',
      '+ column members.nickname text not null',
      '- column members.fax',
      '~ column members.phone: {"type":"text","nullable":true,"default":null} → {"type":"text","nullable":false,"default":null}',
      '+ index members.members_nick_idx: CREATE INDEX members_nick_idx ON members (nickname)',
      '- constraint members.members_phone_check',
      '~ trigger members.audit: AFTER INSERT → AFTER INSERT OR UPDATE',
      '+ enum member_kind',
      '~ enum gender',
      '~ function assert_nepal_geography',
    ])
    assert.lengthOf(driftEntries(report), describeDrift(report).length)
  })
})
