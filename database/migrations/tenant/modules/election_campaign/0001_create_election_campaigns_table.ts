import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The party's campaign for one election (federal, provincial or local; a
 * by-election is flagged). The election date and fiscal year may be unknown
 * while the campaign is being planned.
 */
export default class extends BaseSchema {
  protected tableName = 'election_campaigns'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('name', 200).notNullable()
      table.string('name_np', 200).nullable()
      table.enu('election_type', ['federal', 'provincial', 'local']).notNullable()
      table.boolean('is_by_election').notNullable().defaultTo(false)
      table.date('election_date').nullable()
      /** Bikram Sambat date, `YYYY-MM-DD`. */
      table.string('election_date_bs', 10).nullable()
      table.string('fiscal_year', 7).nullable()
      table
        .enu('status', ['planning', 'active', 'completed', 'cancelled'])
        .notNullable()
        .defaultTo('planning')
      table.text('notes').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.index(['election_date'])
      table.index(['status'])
      table.check(`btrim(name) <> ''`, [], 'election_campaigns_name_check')
      table.check(
        `CASE WHEN fiscal_year IS NULL THEN true
          WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
          THEN right(fiscal_year, 2)::integer = (left(fiscal_year, 4)::integer + 1) % 100
          ELSE false END`,
        [],
        'election_campaigns_fiscal_year_check'
      )
      table.check(
        `election_date_bs ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[0-2])$'`,
        [],
        'election_campaigns_election_date_bs_check'
      )
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
