import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Donation limits per fiscal year (Bikram Sambat, `2083/84`), in rupees.
 * A donation above `cash_limit` must come by cheque or bank transfer and is
 * flagged `is_above_limit`; above `disclosure_threshold` it goes into the
 * disclosure report.
 */
export default class extends BaseSchema {
  protected tableName = 'donation_limits'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('fiscal_year', 7).notNullable().unique()
      table.decimal('cash_limit', 14, 2).notNullable()
      table.decimal('disclosure_threshold', 14, 2).notNullable()
      table.text('notes').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check(
        `CASE WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
          THEN right(fiscal_year, 2)::integer = (left(fiscal_year, 4)::integer + 1) % 100
          ELSE false END`,
        [],
        'donation_limits_fiscal_year_check'
      )
      table.check('cash_limit >= 0', [], 'donation_limits_cash_limit_check')
      table.check('disclosure_threshold >= 0', [], 'donation_limits_disclosure_threshold_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
