import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Ward committees (वडा समिति), under a local level committee, with links to
 * every committee above it for fast roll-ups.
 *
 * The links are kept consistent by the database:
 * - the trigger `ward_committees_fill_links` fills links left null (and links
 *   an UPDATE did not touch) from the chain local level committee → district
 *   committee → provincial committee → central committee, and rejects links
 *   given explicitly that contradict the chain;
 * - composite foreign keys to (id, parent id) of each committee level, with
 *   ON UPDATE CASCADE, carry a re-parented committee's new parent down to its
 *   wards;
 * - the ward number must exist in the local level (1 … ward_count), also
 *   rechecked when a local level committee moves to another local level.
 *
 * At most one active committee per ward of a local level committee.
 */
export default class extends BaseSchema {
  protected tableName = 'ward_committees'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('local_level_committee_id').notNullable()
      table.smallint('ward_number').notNullable()
      table.integer('district_committee_id').notNullable()
      table.integer('provincial_committee_id').notNullable()
      table.integer('central_committee_id').notNullable()
      table.string('name', 200).notNullable()
      table.string('name_np', 200).nullable()
      table.date('term_start').nullable()
      table.date('term_end').nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check('ward_number > 0', [], 'ward_committees_ward_number_check')
      table.check('term_end >= term_start', [], 'ward_committees_term_check')

      table
        .foreign(
          ['local_level_committee_id', 'district_committee_id'],
          'ward_committees_local_level_committee_fk'
        )
        .references(['id', 'district_committee_id'])
        .inTable('local_level_committees')
        .onUpdate('CASCADE')
        .onDelete('RESTRICT')
      table
        .foreign(
          ['district_committee_id', 'provincial_committee_id'],
          'ward_committees_district_committee_fk'
        )
        .references(['id', 'provincial_committee_id'])
        .inTable('district_committees')
        .onUpdate('CASCADE')
        .onDelete('RESTRICT')
      table
        .foreign(
          ['provincial_committee_id', 'central_committee_id'],
          'ward_committees_provincial_committee_fk'
        )
        .references(['id', 'central_committee_id'])
        .inTable('provincial_committees')
        .onUpdate('CASCADE')
        .onDelete('RESTRICT')

      table.index(['local_level_committee_id', 'district_committee_id'])
      table.index(['district_committee_id', 'provincial_committee_id'])
      table.index(['provincial_committee_id', 'central_committee_id'])
      table.index(['central_committee_id'])
    })

    this.schema.raw(`
      CREATE UNIQUE INDEX ward_committees_one_active_per_ward
        ON ward_committees (local_level_committee_id, ward_number) WHERE is_active;

      CREATE FUNCTION ward_committees_fill_links() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_local_level_id integer;
        v_district_committee_id integer;
        v_provincial_committee_id integer;
        v_central_committee_id integer;
        v_is_update boolean := TG_OP = 'UPDATE';
      BEGIN
        SELECT llc.local_level_id, llc.district_committee_id,
               dc.provincial_committee_id, pc.central_committee_id
          INTO v_local_level_id, v_district_committee_id,
               v_provincial_committee_id, v_central_committee_id
          FROM local_level_committees llc
          JOIN district_committees dc ON dc.id = llc.district_committee_id
          JOIN provincial_committees pc ON pc.id = dc.provincial_committee_id
         WHERE llc.id = NEW.local_level_committee_id;
        IF NOT FOUND THEN
          RAISE EXCEPTION USING
            ERRCODE = 'foreign_key_violation', TABLE = 'ward_committees',
            CONSTRAINT = 'ward_committees_local_level_committee_fk',
            MESSAGE = format('ward_committees: local level committee %s does not exist',
              NEW.local_level_committee_id);
        END IF;

        IF NEW.district_committee_id IS NULL
           OR (v_is_update AND NEW.district_committee_id IS NOT DISTINCT FROM OLD.district_committee_id) THEN
          NEW.district_committee_id := v_district_committee_id;
        ELSIF NEW.district_committee_id <> v_district_committee_id THEN
          RAISE EXCEPTION USING
            ERRCODE = 'check_violation', TABLE = 'ward_committees',
            CONSTRAINT = 'ward_committees_links_check',
            MESSAGE = format('ward_committees: district committee %s does not match local level committee %s (district committee %s)',
              NEW.district_committee_id, NEW.local_level_committee_id, v_district_committee_id);
        END IF;

        IF NEW.provincial_committee_id IS NULL
           OR (v_is_update AND NEW.provincial_committee_id IS NOT DISTINCT FROM OLD.provincial_committee_id) THEN
          NEW.provincial_committee_id := v_provincial_committee_id;
        ELSIF NEW.provincial_committee_id <> v_provincial_committee_id THEN
          RAISE EXCEPTION USING
            ERRCODE = 'check_violation', TABLE = 'ward_committees',
            CONSTRAINT = 'ward_committees_links_check',
            MESSAGE = format('ward_committees: provincial committee %s does not match local level committee %s (provincial committee %s)',
              NEW.provincial_committee_id, NEW.local_level_committee_id, v_provincial_committee_id);
        END IF;

        IF NEW.central_committee_id IS NULL
           OR (v_is_update AND NEW.central_committee_id IS NOT DISTINCT FROM OLD.central_committee_id) THEN
          NEW.central_committee_id := v_central_committee_id;
        ELSIF NEW.central_committee_id <> v_central_committee_id THEN
          RAISE EXCEPTION USING
            ERRCODE = 'check_violation', TABLE = 'ward_committees',
            CONSTRAINT = 'ward_committees_links_check',
            MESSAGE = format('ward_committees: central committee %s does not match local level committee %s (central committee %s)',
              NEW.central_committee_id, NEW.local_level_committee_id, v_central_committee_id);
        END IF;

        PERFORM assert_nepal_geography(NULL, NULL, v_local_level_id, NEW.ward_number, 'ward_committees');
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER ward_committees_fill_links
        BEFORE INSERT OR UPDATE OF local_level_committee_id, ward_number,
          district_committee_id, provincial_committee_id, central_committee_id
        ON ward_committees
        FOR EACH ROW EXECUTE FUNCTION ward_committees_fill_links();

      CREATE FUNCTION local_level_committees_check_children_geography() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_child record;
      BEGIN
        FOR v_child IN
          SELECT id, ward_number FROM ward_committees WHERE local_level_committee_id = NEW.id
        LOOP
          PERFORM assert_nepal_geography(
            NULL, NULL, NEW.local_level_id, v_child.ward_number, 'ward_committees'
          );
        END LOOP;
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER local_level_committees_check_children_geography
        AFTER UPDATE OF local_level_id
        ON local_level_committees
        FOR EACH ROW
        WHEN (OLD.local_level_id IS DISTINCT FROM NEW.local_level_id)
        EXECUTE FUNCTION local_level_committees_check_children_geography();
    `)
  }

  async down() {
    this.schema.raw(
      'DROP TRIGGER local_level_committees_check_children_geography ON local_level_committees'
    )
    this.schema.raw('DROP FUNCTION local_level_committees_check_children_geography()')
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION ward_committees_fill_links()')
  }
}
