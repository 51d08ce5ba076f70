import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Local level committees (नगर / गाउँ समिति), under a district committee. The
 * local level must lie in the district committee's district (trigger, checked
 * from both sides). At most one active committee per local level.
 */
export default class extends BaseSchema {
  protected tableName = 'local_level_committees'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('district_committee_id')
        .notNullable()
        .references('id')
        .inTable('district_committees')
        .onDelete('RESTRICT')
      table
        .integer('local_level_id')
        .notNullable()
        .references('id')
        .inTable('local_levels')
        .onDelete('RESTRICT')
      table.string('name', 200).notNullable()
      table.string('name_np', 200).nullable()
      table.date('term_start').nullable()
      table.date('term_end').nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.check('term_end >= term_start', [], 'local_level_committees_term_check')
      /** Target of ward_committees' composite foreign key. */
      table.unique(['id', 'district_committee_id'])
      table.index(['district_committee_id'])
      table.index(['local_level_id'])
    })
    this.schema.raw(`
      CREATE UNIQUE INDEX local_level_committees_one_active_per_local_level
        ON local_level_committees (local_level_id) WHERE is_active;

      CREATE FUNCTION local_level_committees_check_geography() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM assert_nepal_geography(
          NULL,
          (SELECT district_id FROM district_committees WHERE id = NEW.district_committee_id),
          NEW.local_level_id, NULL, 'local_level_committees'
        );
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER local_level_committees_check_geography
        BEFORE INSERT OR UPDATE OF district_committee_id, local_level_id
        ON local_level_committees
        FOR EACH ROW EXECUTE FUNCTION local_level_committees_check_geography();

      CREATE FUNCTION district_committees_check_children_geography() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_child record;
      BEGIN
        FOR v_child IN
          SELECT id, local_level_id FROM local_level_committees WHERE district_committee_id = NEW.id
        LOOP
          PERFORM assert_nepal_geography(
            NULL, NEW.district_id, v_child.local_level_id, NULL, 'local_level_committees'
          );
        END LOOP;
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER district_committees_check_children_geography
        AFTER UPDATE OF district_id
        ON district_committees
        FOR EACH ROW
        WHEN (OLD.district_id IS DISTINCT FROM NEW.district_id)
        EXECUTE FUNCTION district_committees_check_children_geography();
    `)
  }

  async down() {
    this.schema.raw(
      'DROP TRIGGER district_committees_check_children_geography ON district_committees'
    )
    this.schema.raw('DROP FUNCTION district_committees_check_children_geography()')
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION local_level_committees_check_geography()')
  }
}
