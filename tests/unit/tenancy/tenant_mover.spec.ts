import { test } from '@japa/runner'
import { normalizedSchema } from '#tenancy/tenant_mover'
import { SchemaInspector, type SchemaSnapshot } from '#tenancy/schema_inspector'

const inspector = new SchemaInspector()

function withCheck(check: string, defaultValue: string | null = null): SchemaSnapshot {
  return {
    enums: {},
    functions: {},
    tables: {
      financial_reports: {
        columns: {
          period: { type: 'character varying(20)', nullable: false, default: defaultValue },
        },
        indexes: {},
        constraints: { financial_reports_period_check: check },
        triggers: {},
      },
    },
  }
}

test.group('tenant:move schema comparison', () => {
  test('an IN list printed back differently by pg_restore counts as the same schema', ({
    assert,
  }) => {
    const source = withCheck(
      "CHECK (((period)::text = ANY ((ARRAY['Q1'::character varying, 'Q2'::character varying])::text[])))"
    )
    const copy = withCheck(
      "CHECK ((period)::text = ANY (ARRAY['Q1'::character varying::text, 'Q2'::character varying::text]))"
    )
    assert.notEqual(inspector.hash(source), inspector.hash(copy))
    assert.equal(inspector.hash(normalizedSchema(source)), inspector.hash(normalizedSchema(copy)))
  })

  test('a different value, operator or default still differs', ({ assert }) => {
    const base = withCheck(
      "CHECK (((period)::text = ANY ((ARRAY['Q1'::character varying])::text[])))"
    )
    for (const other of [
      withCheck("CHECK (((period)::text = ANY ((ARRAY['Q2'::character varying])::text[])))"),
      withCheck("CHECK (((period)::text <> ANY ((ARRAY['Q1'::character varying])::text[])))"),
      withCheck(
        "CHECK (((period)::text = ANY ((ARRAY['Q1'::character varying])::text[])))",
        "'Q1'::character varying"
      ),
    ]) {
      assert.notEqual(
        inspector.hash(normalizedSchema(base)),
        inspector.hash(normalizedSchema(other))
      )
    }
  })
})
