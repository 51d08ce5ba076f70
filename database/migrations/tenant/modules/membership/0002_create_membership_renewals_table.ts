import { BaseSchema } from '@adonisjs/lucid/schema'
import { PAYMENT_METHODS } from '#party/donations/donation_rules'

/**
 * A member's renewal for one fiscal year, with the fee paid. One renewal per
 * member and fiscal year. Fee payments are financial records, so a member
 * with renewals cannot be hard-deleted (members are soft-deleted anyway).
 */
export default class extends BaseSchema {
  protected tableName = 'membership_renewals'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('member_id')
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('RESTRICT')
      table.string('fiscal_year', 7).notNullable()
      table.date('renewed_on').notNullable()
      /** Bikram Sambat date, `YYYY-MM-DD`. */
      table.string('renewed_on_bs', 10).nullable()
      table.decimal('amount_paid', 12, 2).notNullable().defaultTo(0)
      table.enu('payment_method', [...PAYMENT_METHODS]).nullable()
      table.string('receipt_number', 50).nullable().unique()
      table.integer('recorded_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.unique(['member_id', 'fiscal_year'])
      table.index(['fiscal_year'])
      table.check(
        `CASE WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
          THEN right(fiscal_year, 2)::integer = (left(fiscal_year, 4)::integer + 1) % 100
          ELSE false END`,
        [],
        'membership_renewals_fiscal_year_check'
      )
      table.check(
        `renewed_on_bs ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[0-2])$'`,
        [],
        'membership_renewals_renewed_on_bs_check'
      )
      table.check('amount_paid >= 0', [], 'membership_renewals_amount_paid_check')
      table.check(
        'amount_paid = 0 OR payment_method IS NOT NULL',
        [],
        'membership_renewals_payment_method_required_check'
      )
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
