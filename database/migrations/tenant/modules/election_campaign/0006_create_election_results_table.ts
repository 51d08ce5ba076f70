import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Votes per candidate: one row per polling station counted, plus at most one
 * total row (polling_station_id null) that carries `is_winner`. The polling
 * station must belong to the candidate's campaign (trigger).
 */
export default class extends BaseSchema {
  protected tableName = 'election_results'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('candidate_id')
        .notNullable()
        .references('id')
        .inTable('candidates')
        .onDelete('CASCADE')
      table
        .integer('polling_station_id')
        .nullable()
        .references('id')
        .inTable('polling_stations')
        .onDelete('CASCADE')
      table.integer('votes').notNullable().defaultTo(0)
      table.boolean('is_winner').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.index(['polling_station_id'])
      table.check('votes >= 0', [], 'election_results_votes_check')
      table.check(
        'polling_station_id IS NULL OR NOT is_winner',
        [],
        'election_results_winner_on_total_check'
      )
    })

    this.schema.raw(`
      CREATE UNIQUE INDEX election_results_candidate_station_unique
        ON election_results (candidate_id, polling_station_id) NULLS NOT DISTINCT;

      CREATE FUNCTION election_results_check_campaign() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_candidate_campaign integer;
        v_station_campaign integer;
      BEGIN
        IF NEW.polling_station_id IS NULL THEN
          RETURN NEW;
        END IF;
        SELECT campaign_id INTO v_candidate_campaign FROM candidates WHERE id = NEW.candidate_id;
        SELECT pc.campaign_id INTO v_station_campaign
          FROM polling_stations ps JOIN polling_centres pc ON pc.id = ps.polling_centre_id
         WHERE ps.id = NEW.polling_station_id;
        IF v_candidate_campaign <> v_station_campaign THEN
          RAISE EXCEPTION USING
            ERRCODE = 'check_violation', TABLE = 'election_results',
            CONSTRAINT = 'election_results_same_campaign',
            MESSAGE = format('election_results: polling station %s belongs to campaign %s, candidate %s to campaign %s',
              NEW.polling_station_id, v_station_campaign, NEW.candidate_id, v_candidate_campaign);
        END IF;
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER election_results_check_campaign
        BEFORE INSERT OR UPDATE OF candidate_id, polling_station_id
        ON election_results
        FOR EACH ROW EXECUTE FUNCTION election_results_check_campaign();
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION election_results_check_campaign()')
  }
}
