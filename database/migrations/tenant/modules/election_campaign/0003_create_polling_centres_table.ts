import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Polling centres (मतदान केन्द्र) of a campaign's election, as published by
 * the Election Commission for that election (centres and voter counts change
 * between elections, so they belong to the campaign). The ward must exist in
 * the local level (trigger).
 */
export default class extends BaseSchema {
  protected tableName = 'polling_centres'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .notNullable()
        .references('id')
        .inTable('election_campaigns')
        .onDelete('CASCADE')
      table
        .integer('local_level_id')
        .notNullable()
        .references('id')
        .inTable('local_levels')
        .onDelete('RESTRICT')
      table.smallint('ward_number').notNullable()
      /** FPTP constituency the centre votes in, e.g. `Kathmandu-1`. */
      table.string('constituency', 150).nullable()
      /** Election Commission's code for the centre, when known. */
      table.string('code', 50).nullable()
      table.string('name', 200).notNullable()
      table.string('name_np', 200).nullable()
      table.text('address').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.unique(['campaign_id', 'local_level_id', 'ward_number', 'name'])
      table.index(['local_level_id', 'ward_number'])
      table.index(['campaign_id', 'constituency'])
      table.check('ward_number > 0', [], 'polling_centres_ward_number_check')
      table.check(`btrim(name) <> ''`, [], 'polling_centres_name_check')
    })

    this.schema.raw(`
      CREATE FUNCTION polling_centres_check_geography() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM assert_nepal_geography(NULL, NULL, NEW.local_level_id, NEW.ward_number, 'polling_centres');
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER polling_centres_check_geography
        BEFORE INSERT OR UPDATE OF local_level_id, ward_number
        ON polling_centres
        FOR EACH ROW EXECUTE FUNCTION polling_centres_check_geography();
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION polling_centres_check_geography()')
  }
}
