import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Settings of a campaign that the law or the party may change, so they are
 * data rather than constants:
 * - `results_declared_on` and `expense_statement_days`: the election expense
 *   statement is due that many days after the results are declared (35 for
 *   the 2079 HoR election, HoR Member Election Act 2074 s.72(4));
 * - `ceiling_warning_percent`: spending at or above this share of the
 *   candidate's ceiling is flagged (default 80).
 * Also an index for listing a campaign's candidates in ballot order.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('election_campaigns', (table) => {
      table.date('results_declared_on').nullable()
      table.smallint('expense_statement_days').notNullable().defaultTo(35)
      table.smallint('ceiling_warning_percent').notNullable().defaultTo(80)
      table.check(
        'expense_statement_days BETWEEN 1 AND 365',
        [],
        'election_campaigns_expense_statement_days_check'
      )
      table.check(
        'ceiling_warning_percent BETWEEN 1 AND 100',
        [],
        'election_campaigns_ceiling_warning_percent_check'
      )
    })
    this.schema.raw(`
      CREATE INDEX candidates_campaign_ballot_order_index
        ON candidates (campaign_id, election_system, constituency, pr_list_rank, id);
    `)
  }

  async down() {
    this.schema.raw('DROP INDEX candidates_campaign_ballot_order_index')
    this.schema.alterTable('election_campaigns', (table) => {
      table.dropChecks([
        'election_campaigns_expense_statement_days_check',
        'election_campaigns_ceiling_warning_percent_check',
      ])
      table.dropColumns('results_declared_on', 'expense_statement_days', 'ceiling_warning_percent')
    })
  }
}
