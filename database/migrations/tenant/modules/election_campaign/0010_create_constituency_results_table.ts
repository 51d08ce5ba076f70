import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The total of valid votes counted in a constituency of a campaign's
 * election, the denominator of a candidate's vote percentage (the party only
 * records its own candidates' votes, in `election_results`).
 * `constituency_key` matches candidates as in `spending_ceilings`.
 */
export default class extends BaseSchema {
  protected tableName = 'constituency_results'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .notNullable()
        .references('id')
        .inTable('election_campaigns')
        .onDelete('CASCADE')
      table.string('constituency', 150).notNullable()
      table.integer('total_valid_votes').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check('total_valid_votes >= 0', [], 'constituency_results_total_valid_votes_check')
      table.check(`btrim(constituency) <> ''`, [], 'constituency_results_constituency_check')
    })

    this.schema.raw(`
      ALTER TABLE constituency_results ADD COLUMN constituency_key varchar(150)
        GENERATED ALWAYS AS (lower(regexp_replace(constituency, '\\s+', '', 'g'))) STORED;
      CREATE UNIQUE INDEX constituency_results_campaign_key_unique
        ON constituency_results (campaign_id, constituency_key);
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
