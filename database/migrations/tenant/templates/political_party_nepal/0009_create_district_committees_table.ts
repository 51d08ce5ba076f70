import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * District committees (जिल्ला समिति), under a provincial committee. The
 * district must lie in the provincial committee's province (trigger, checked
 * from both sides). At most one active committee per district.
 */
export default class extends BaseSchema {
  protected tableName = 'district_committees'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('provincial_committee_id')
        .notNullable()
        .references('id')
        .inTable('provincial_committees')
        .onDelete('RESTRICT')
      table
        .integer('district_id')
        .notNullable()
        .references('id')
        .inTable('districts')
        .onDelete('RESTRICT')
      table.string('name', 200).notNullable()
      table.string('name_np', 200).nullable()
      table.date('term_start').nullable()
      table.date('term_end').nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.check('term_end >= term_start', [], 'district_committees_term_check')
      /** Target of ward_committees' composite foreign key. */
      table.unique(['id', 'provincial_committee_id'])
      table.index(['provincial_committee_id'])
      table.index(['district_id'])
    })
    this.schema.raw(`
      CREATE UNIQUE INDEX district_committees_one_active_per_district
        ON district_committees (district_id) WHERE is_active;

      CREATE FUNCTION district_committees_check_geography() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM assert_nepal_geography(
          (SELECT province_id FROM provincial_committees WHERE id = NEW.provincial_committee_id),
          NEW.district_id, NULL, NULL, 'district_committees'
        );
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER district_committees_check_geography
        BEFORE INSERT OR UPDATE OF provincial_committee_id, district_id
        ON district_committees
        FOR EACH ROW EXECUTE FUNCTION district_committees_check_geography();

      CREATE FUNCTION provincial_committees_check_children_geography() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_child record;
      BEGIN
        FOR v_child IN
          SELECT id, district_id FROM district_committees WHERE provincial_committee_id = NEW.id
        LOOP
          PERFORM assert_nepal_geography(
            NEW.province_id, v_child.district_id, NULL, NULL, 'district_committees'
          );
        END LOOP;
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER provincial_committees_check_children_geography
        AFTER UPDATE OF province_id
        ON provincial_committees
        FOR EACH ROW
        WHEN (OLD.province_id IS DISTINCT FROM NEW.province_id)
        EXECUTE FUNCTION provincial_committees_check_children_geography();
    `)
  }

  async down() {
    this.schema.raw(
      'DROP TRIGGER provincial_committees_check_children_geography ON provincial_committees'
    )
    this.schema.raw('DROP FUNCTION provincial_committees_check_children_geography()')
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION district_committees_check_geography()')
  }
}
