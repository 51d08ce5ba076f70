import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Fee schedule: what a membership costs, per fiscal year, membership type and
 * kind of fee (admission when joining, renewal every fiscal year), in rupees.
 */
export default class extends BaseSchema {
  protected tableName = 'membership_fees'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('fiscal_year', 7).notNullable()
      /** Same values as members.membership_type. */
      table.enu('membership_type', ['general', 'active', 'honorary']).notNullable()
      table.enu('fee_type', ['admission', 'renewal']).notNullable()
      table.decimal('amount', 12, 2).notNullable()
      table.text('notes').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.unique(['fiscal_year', 'membership_type', 'fee_type'])
      table.check(
        `CASE WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
          THEN right(fiscal_year, 2)::integer = (left(fiscal_year, 4)::integer + 1) % 100
          ELSE false END`,
        [],
        'membership_fees_fiscal_year_check'
      )
      table.check('amount >= 0', [], 'membership_fees_amount_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
