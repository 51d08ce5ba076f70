import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The day the party filed the campaign's election expense statements, so a
 * filed statement is no longer shown as due or overdue.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('election_campaigns', (table) => {
      table.date('expense_statement_filed_on').nullable()
    })
  }

  async down() {
    this.schema.alterTable('election_campaigns', (table) => {
      table.dropColumn('expense_statement_filed_on')
    })
  }
}
