import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Campaign events (rallies, corner meetings, door-to-door, ...). An event may
 * be for one candidate of the same campaign (composite foreign key; deleting
 * the candidate only clears `candidate_id`). The ward, when given, must exist
 * in the local level (trigger).
 */
export default class extends BaseSchema {
  protected tableName = 'campaign_events'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .notNullable()
        .references('id')
        .inTable('election_campaigns')
        .onDelete('CASCADE')
      table.integer('candidate_id').nullable()
      table.string('title', 200).notNullable()
      table.string('title_np', 200).nullable()
      table.text('description').nullable()
      table
        .enu('event_type', [
          'rally',
          'corner_meeting',
          'door_to_door',
          'town_hall',
          'press_conference',
          'other',
        ])
        .notNullable()
      table.timestamp('starts_at', { useTz: true }).notNullable()
      table.timestamp('ends_at', { useTz: true }).nullable()
      table.string('location', 255).nullable()
      table
        .integer('local_level_id')
        .nullable()
        .references('id')
        .inTable('local_levels')
        .onDelete('RESTRICT')
      table.smallint('ward_number').nullable()
      table.enu('status', ['planned', 'completed', 'cancelled']).notNullable().defaultTo('planned')
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.index(['campaign_id', 'starts_at'])
      table.index(['candidate_id'])
      table.index(['local_level_id', 'ward_number'])
      table.check('ends_at >= starts_at', [], 'campaign_events_time_check')
      table.check('ward_number > 0', [], 'campaign_events_ward_number_check')
      table.check(`btrim(title) <> ''`, [], 'campaign_events_title_check')
    })

    this.schema.raw(`
      ALTER TABLE campaign_events
        ADD CONSTRAINT campaign_events_candidate_fk
        FOREIGN KEY (candidate_id, campaign_id) REFERENCES candidates (id, campaign_id)
        ON UPDATE CASCADE ON DELETE SET NULL (candidate_id);

      CREATE FUNCTION campaign_events_check_geography() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM assert_nepal_geography(NULL, NULL, NEW.local_level_id, NEW.ward_number, 'campaign_events');
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER campaign_events_check_geography
        BEFORE INSERT OR UPDATE OF local_level_id, ward_number
        ON campaign_events
        FOR EACH ROW EXECUTE FUNCTION campaign_events_check_geography();
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION campaign_events_check_geography()')
  }
}
