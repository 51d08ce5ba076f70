import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What a candidate's campaign spent, entry by entry, under the headings the
 * Election Commission's expense statement asks for. Money is integer paisa
 * (`bigint`, never NaN), above zero; a correction is a deletion (audited) and
 * a new entry.
 */
export default class extends BaseSchema {
  protected tableName = 'candidate_expenses'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('candidate_id')
        .notNullable()
        .references('id')
        .inTable('candidates')
        .onDelete('CASCADE')
      table.date('spent_on').notNullable()
      table
        .enu('category', [
          'voter_list',
          'transport',
          'publicity',
          'meetings',
          'office',
          'representatives',
          'other',
        ])
        .notNullable()
      table.bigInteger('amount_paisa').notNullable()
      table.string('description', 500).notNullable()
      table.string('payee', 200).nullable()
      table.string('voucher_number', 100).nullable()
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.index(['candidate_id', 'spent_on', 'id'])
      table.check('amount_paisa > 0', [], 'candidate_expenses_amount_paisa_check')
      table.check(`btrim(description) <> ''`, [], 'candidate_expenses_description_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
