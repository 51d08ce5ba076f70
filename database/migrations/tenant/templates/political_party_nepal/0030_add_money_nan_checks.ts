import { BaseSchema } from '@adonisjs/lucid/schema'

/** Every money column of the template: numeric(…, 2), whose typmod already refuses ±Infinity. */
const MONEY_COLUMNS: ReadonlyArray<readonly [table: string, column: string]> = [
  ['donations', 'amount'],
  ['donation_limits', 'cash_limit'],
  ['donation_limits', 'disclosure_threshold'],
  ['financial_reports', 'total_income'],
  ['financial_reports', 'total_expenditure'],
  ['financial_reports', 'total_donations'],
]

const constraintName = (table: string, column: string) => `${table}_${column}_not_nan`

/**
 * PostgreSQL's numeric has NaN, and NaN passes `amount > 0` (NaN sorts above
 * every number): a NaN donation was stored and a NaN cash_limit switched the
 * cash rule off. Each money column gets a CHECK that refuses NaN. A database
 * that already holds NaN stops this migration with the rows to correct,
 * rather than having financial records altered behind the treasurer's back.
 */
export default class extends BaseSchema {
  async up() {
    for (const [table, column] of MONEY_COLUMNS) {
      this.schema.raw(`
        DO $do$
        DECLARE v_ids text;
        BEGIN
          SELECT string_agg(id::text, ', ' ORDER BY id) INTO v_ids
            FROM ${table} WHERE ${column} = 'NaN'::numeric;
          IF v_ids IS NOT NULL THEN
            RAISE EXCEPTION '${table}.${column} is NaN in rows with id %; correct them, then migrate again', v_ids;
          END IF;
        END
        $do$;
        ALTER TABLE ${table} ADD CONSTRAINT ${constraintName(table, column)}
          CHECK (${column} <> 'NaN'::numeric);
      `)
    }
  }

  async down() {
    for (const [table, column] of MONEY_COLUMNS) {
      this.schema.raw(
        `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${constraintName(table, column)}`
      )
    }
  }
}
