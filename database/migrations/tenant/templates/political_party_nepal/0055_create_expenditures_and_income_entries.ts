import { BaseSchema } from '@adonisjs/lucid/schema'

const sqlList = (values: readonly string[]) =>
  values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')

/** Written out, not imported: a migration is frozen history (#party/finance/finance_heads may change). */
const EXPENDITURE_CATEGORIES = [
  'staff_salaries',
  'office_rent',
  'utilities_communication',
  'office_supplies',
  'travel_transport',
  'meetings_conventions',
  'training',
  'publicity_publications',
  'election_expenses',
  'repairs_maintenance',
  'fixed_assets',
  'grants_to_committees',
  'bank_charges',
  'other',
]
const INCOME_SOURCES = [
  'membership_fees',
  'event_collections',
  'publication_property_sales',
  'bank_interest',
  'member_levies',
  'other',
]
const PAYMENT_METHODS = ['cash', 'cheque', 'bank_transfer', 'digital_wallet']

/** Rs 100 crore in paisa, the largest single entry. */
const MAX_ENTRY_PAISA = 100_000_000_000

const fiscalYearCheck = `CASE WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
  THEN right(fiscal_year, 2)::integer = (left(fiscal_year, 4)::integer + 1) % 100
  ELSE false END`

const bsInFiscalYear = (column: string) => `CASE WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
  THEN ${column} >= left(fiscal_year, 4) || '-04-01'
   AND ${column} < (left(fiscal_year, 4)::integer + 1)::text || '-04-01'
  ELSE false END`

const bsDateCheck = (column: string) =>
  `${column} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[0-2])$'`

/**
 * The party's books beyond donations, for every party (the optional
 * finance_tracking module's `expenses` is a budgeting tool; these are the
 * accounts the Election Commission's annual report is made from):
 *
 * - `expenditures`: what the party spent, by category, payee and voucher
 *   (voucher numbers unique within a fiscal year).
 * - `income_entries`: income under the fund sources of Political Parties Act
 *   2073 s.37 other than donations (those are the `donations` table).
 *
 * Money is integer paisa (`bigint`, which has no NaN or Infinity), positive
 * and at most Rs 100 crore per entry. The BS date must lie in the fiscal year.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('expenditures', (table) => {
      table.increments('id')
      table.string('fiscal_year', 7).notNullable()
      table.string('category', 40).notNullable()
      table.text('description').nullable()
      table.string('payee_name', 200).notNullable()
      table.string('payee_pan', 9).nullable()
      table.string('voucher_number', 50).notNullable()
      table.bigInteger('amount_paisa').notNullable()
      table.string('payment_method', 20).notNullable()
      /** Cheque number or bank transaction id. */
      table.string('bank_reference', 100).nullable()
      table.date('spent_on').notNullable()
      /** Bikram Sambat date, `YYYY-MM-DD`. */
      table.string('spent_on_bs', 10).notNullable()
      table.integer('recorded_by').nullable().references('id').inTable('users').onDelete('RESTRICT')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.unique(['fiscal_year', 'voucher_number'])
      table.check(fiscalYearCheck, [], 'expenditures_fiscal_year_check')
      table.check(bsDateCheck('spent_on_bs'), [], 'expenditures_spent_on_bs_check')
      table.check(bsInFiscalYear('spent_on_bs'), [], 'expenditures_spent_in_fiscal_year_check')
      table.check(
        `category IN (${sqlList(EXPENDITURE_CATEGORIES)})`,
        [],
        'expenditures_category_check'
      )
      table.check(
        `payment_method IN (${sqlList(PAYMENT_METHODS)})`,
        [],
        'expenditures_payment_method_check'
      )
      table.check(
        `amount_paisa > 0 AND amount_paisa <= ${MAX_ENTRY_PAISA}`,
        [],
        'expenditures_amount_check'
      )
      table.check(`btrim(payee_name) <> ''`, [], 'expenditures_payee_name_check')
      table.check(`btrim(voucher_number) <> ''`, [], 'expenditures_voucher_number_check')
      table.check(`payee_pan ~ '^[0-9]{9}$'`, [], 'expenditures_payee_pan_check')

      table.index(['fiscal_year', 'spent_on', 'id'])
      table.index(['spent_on'])
      table.index(['recorded_by'])
    })

    this.schema.createTable('income_entries', (table) => {
      table.increments('id')
      table.string('fiscal_year', 7).notNullable()
      table.string('source', 40).notNullable()
      table.text('description').nullable()
      /** Who paid (a member, an event, the bank), when known. */
      table.string('payer_name', 200).nullable()
      /** Receipt, voucher or bank statement reference. */
      table.string('reference', 100).nullable()
      table.bigInteger('amount_paisa').notNullable()
      table.string('payment_method', 20).notNullable()
      table.date('received_on').notNullable()
      /** Bikram Sambat date, `YYYY-MM-DD`. */
      table.string('received_on_bs', 10).notNullable()
      table.integer('recorded_by').nullable().references('id').inTable('users').onDelete('RESTRICT')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check(fiscalYearCheck, [], 'income_entries_fiscal_year_check')
      table.check(bsDateCheck('received_on_bs'), [], 'income_entries_received_on_bs_check')
      table.check(
        bsInFiscalYear('received_on_bs'),
        [],
        'income_entries_received_in_fiscal_year_check'
      )
      table.check(`source IN (${sqlList(INCOME_SOURCES)})`, [], 'income_entries_source_check')
      table.check(
        `payment_method IN (${sqlList(PAYMENT_METHODS)})`,
        [],
        'income_entries_payment_method_check'
      )
      table.check(
        `amount_paisa > 0 AND amount_paisa <= ${MAX_ENTRY_PAISA}`,
        [],
        'income_entries_amount_check'
      )

      table.index(['fiscal_year', 'received_on', 'id'])
      table.index(['received_on'])
      table.index(['recorded_by'])
    })

    // Totals by head for a fiscal year read the index alone (amount included).
    this.schema.raw(`
      CREATE INDEX expenditures_fiscal_year_category_index
        ON expenditures (fiscal_year, category) INCLUDE (amount_paisa);
      CREATE INDEX income_entries_fiscal_year_source_index
        ON income_entries (fiscal_year, source) INCLUDE (amount_paisa);
    `)
  }

  async down() {
    this.schema.raw(`
      DROP INDEX income_entries_fiscal_year_source_index;
      DROP INDEX expenditures_fiscal_year_category_index;
    `)
    this.schema.dropTable('income_entries')
    this.schema.dropTable('expenditures')
  }
}
