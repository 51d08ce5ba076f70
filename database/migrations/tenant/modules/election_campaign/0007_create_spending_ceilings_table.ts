import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Spending ceilings (खर्च सीमा) the Election Commission sets for one
 * election, per electoral system and constituency: data, never constants
 * (2079 HoR FPTP ranged over Rs 2.5–3.3 million by constituency, PR was
 * Rs 200,000 per candidate). A campaign is the party's campaign for one
 * election, so the ceilings hang off the campaign.
 *
 * - FPTP rows name a constituency; PR rows have none (one amount for every
 *   PR candidate of the campaign).
 * - `constituency_key` (lower case, whitespace removed) matches a
 *   candidate's constituency however it was spaced or capitalised.
 * - Money is integer paisa (`bigint`, so never NaN), above zero.
 */
export default class extends BaseSchema {
  protected tableName = 'spending_ceilings'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .notNullable()
        .references('id')
        .inTable('election_campaigns')
        .onDelete('CASCADE')
      table.enu('election_system', ['fptp', 'pr']).notNullable()
      table.string('constituency', 150).nullable()
      table.bigInteger('amount_paisa').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check('amount_paisa > 0', [], 'spending_ceilings_amount_paisa_check')
      table.check(
        `CASE election_system
          WHEN 'fptp' THEN btrim(coalesce(constituency, '')) <> ''
          WHEN 'pr' THEN constituency IS NULL
         END`,
        [],
        'spending_ceilings_system_fields_check'
      )
    })

    this.schema.raw(`
      ALTER TABLE spending_ceilings ADD COLUMN constituency_key varchar(150)
        GENERATED ALWAYS AS (lower(regexp_replace(constituency, '\\s+', '', 'g'))) STORED;
      CREATE UNIQUE INDEX spending_ceilings_campaign_system_key_unique
        ON spending_ceilings (campaign_id, election_system, constituency_key) NULLS NOT DISTINCT;
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
