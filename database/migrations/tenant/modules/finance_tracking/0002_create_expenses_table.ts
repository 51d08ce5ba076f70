import { BaseSchema } from '@adonisjs/lucid/schema'
import { PAYMENT_METHODS } from '#party/donations/donation_rules'

/** Same list as budgets.category. */
const CATEGORIES = [
  'administration',
  'staff',
  'convention',
  'publicity',
  'travel',
  'training',
  'election',
  'social_welfare',
  'capital',
  'other',
]

/**
 * Expenses, in rupees, per fiscal year, optionally charged to a budget line
 * of the same fiscal year (composite foreign key on (budget_id, fiscal_year)).
 */
export default class extends BaseSchema {
  protected tableName = 'expenses'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('fiscal_year', 7).notNullable()
      table.integer('budget_id').nullable()
      table.enu('category', CATEGORIES).notNullable()
      table.string('description', 500).notNullable()
      table.string('description_np', 500).nullable()
      table.decimal('amount', 14, 2).notNullable()
      table.string('payee_name', 200).notNullable()
      /** PAN of the payee (vendor), 9 digits; needed on bills above the VAT threshold. */
      table.string('payee_pan', 9).nullable()
      table.enu('payment_method', [...PAYMENT_METHODS]).notNullable()
      table.string('bank_reference', 100).nullable()
      table.string('bill_number', 100).nullable()
      /** Accounting voucher number. */
      table.string('voucher_number', 50).nullable().unique()
      table.date('spent_on').notNullable()
      /** Bikram Sambat date, `YYYY-MM-DD`. */
      table.string('spent_on_bs', 10).nullable()
      table.integer('approved_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.integer('recorded_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table
        .foreign(['budget_id', 'fiscal_year'], 'expenses_budget_fk')
        .references(['id', 'fiscal_year'])
        .inTable('budgets')
        .onUpdate('CASCADE')
        .onDelete('RESTRICT')
      table.index(['fiscal_year', 'spent_on'])
      table.index(['budget_id'])
      table.index(['category'])
      table.check(
        `CASE WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
          THEN right(fiscal_year, 2)::integer = (left(fiscal_year, 4)::integer + 1) % 100
          ELSE false END`,
        [],
        'expenses_fiscal_year_check'
      )
      table.check(
        `spent_on_bs ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[0-2])$'`,
        [],
        'expenses_spent_on_bs_check'
      )
      table.check(
        `CASE WHEN spent_on_bs IS NULL OR fiscal_year !~ '^[0-9]{4}/[0-9]{2}$' THEN true
          ELSE spent_on_bs >= left(fiscal_year, 4) || '-04-01'
           AND spent_on_bs < (left(fiscal_year, 4)::integer + 1)::text || '-04-01' END`,
        [],
        'expenses_spent_in_fiscal_year_check'
      )
      table.check('amount > 0', [], 'expenses_amount_check')
      table.check(`btrim(description) <> ''`, [], 'expenses_description_check')
      table.check(`payee_pan ~ '^[0-9]{9}$'`, [], 'expenses_payee_pan_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
