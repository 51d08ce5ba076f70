import { BaseSchema } from '@adonisjs/lucid/schema'

/** Expense categories shared by budgets and expenses (keep the two lists equal). */
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
 * Budget lines per fiscal year, in rupees: one row per (fiscal year,
 * category, title).
 */
export default class extends BaseSchema {
  protected tableName = 'budgets'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('fiscal_year', 7).notNullable()
      table.string('title', 200).notNullable()
      table.string('title_np', 200).nullable()
      table.enu('category', CATEGORIES).notNullable()
      table.decimal('amount', 16, 2).notNullable()
      table.enu('status', ['draft', 'approved', 'closed']).notNullable().defaultTo('draft')
      table.date('approved_on').nullable()
      table.integer('approved_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.text('notes').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.unique(['fiscal_year', 'category', 'title'])
      /** Target of expenses' composite foreign key (same fiscal year). */
      table.unique(['id', 'fiscal_year'])
      table.check(
        `CASE WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
          THEN right(fiscal_year, 2)::integer = (left(fiscal_year, 4)::integer + 1) % 100
          ELSE false END`,
        [],
        'budgets_fiscal_year_check'
      )
      table.check(`btrim(title) <> ''`, [], 'budgets_title_check')
      table.check('amount >= 0', [], 'budgets_amount_check')
      table.check(`status = 'draft' OR approved_on IS NOT NULL`, [], 'budgets_approved_on_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
