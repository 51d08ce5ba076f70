import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Financial reports to the Election Commission, per fiscal year.
 * `period`: `annual` for annual reports, `Q1` … `Q4` (Shrawan–Ashoj = Q1) for
 * quarterly ones, a free label for election reports (e.g. `federal-2084`).
 * Unique per (fiscal_year, report_type, period).
 */
export default class extends BaseSchema {
  protected tableName = 'financial_reports'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('fiscal_year', 7).notNullable()
      table.enu('report_type', ['annual', 'quarterly', 'election']).notNullable()
      table.string('period', 50).notNullable().defaultTo('annual')
      table.decimal('total_income', 16, 2).notNullable().defaultTo(0)
      table.decimal('total_expenditure', 16, 2).notNullable().defaultTo(0)
      table.decimal('total_donations', 16, 2).notNullable().defaultTo(0)
      table.enu('status', ['draft', 'submitted', 'accepted']).notNullable().defaultTo('draft')
      table.timestamp('submitted_to_ec_at', { useTz: true }).nullable()
      table.string('ec_reference_number', 100).nullable()
      /** Path of the report document in the tenant's file storage. */
      table.string('file_path', 500).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.unique(['fiscal_year', 'report_type', 'period'])
      table.check(
        `CASE WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
          THEN right(fiscal_year, 2)::integer = (left(fiscal_year, 4)::integer + 1) % 100
          ELSE false END`,
        [],
        'financial_reports_fiscal_year_check'
      )
      table.check(
        `CASE report_type
          WHEN 'annual' THEN period = 'annual'
          WHEN 'quarterly' THEN period IN ('Q1', 'Q2', 'Q3', 'Q4')
          ELSE btrim(period) <> '' END`,
        [],
        'financial_reports_period_check'
      )
      table.check(
        'total_income >= 0 AND total_expenditure >= 0 AND total_donations >= 0',
        [],
        'financial_reports_totals_check'
      )
      table.check(
        `status = 'draft' OR submitted_to_ec_at IS NOT NULL`,
        [],
        'financial_reports_submitted_check'
      )
      table.index(['status'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
