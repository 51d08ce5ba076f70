import { BaseSchema } from '@adonisjs/lucid/schema'

const COMMITTEE_TYPES = ['central', 'provincial', 'district', 'local_level', 'ward'] as const

/**
 * Who sits on which committee, in which position, from when to when.
 * `committee_type` + `committee_id` point into `<committee_type>_committees`.
 * A plain foreign key cannot express that, so triggers do:
 * - `committee_members_check_committee` rejects a committee that does not
 *   exist (locking it FOR KEY SHARE like a foreign key does);
 * - `<level>_committees_keep_members` on every committee table rejects
 *   deleting a committee that still has membership rows.
 * A member holds at most one current seat (to_date null) on a committee.
 */
export default class extends BaseSchema {
  protected tableName = 'committee_members'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('member_id')
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('RESTRICT')
      table.enu('committee_type', [...COMMITTEE_TYPES]).notNullable()
      table.integer('committee_id').notNullable()
      table
        .enu('position', [
          'chairperson',
          'senior_vice_chairperson',
          'vice_chairperson',
          'general_secretary',
          'deputy_general_secretary',
          'secretary',
          'joint_secretary',
          'treasurer',
          'spokesperson',
          'coordinator',
          'member',
          'alternate_member',
        ])
        .notNullable()
        .defaultTo('member')
      table.date('from_date').notNullable().defaultTo(this.raw('CURRENT_DATE'))
      table.date('to_date').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check('to_date >= from_date', [], 'committee_members_dates_check')
      table.index(['committee_type', 'committee_id'])
      table.index(['member_id'])
    })

    const keepMembersTriggers = COMMITTEE_TYPES.map(
      (type) => `
      CREATE TRIGGER ${type}_committees_keep_members
        BEFORE DELETE ON ${type}_committees
        FOR EACH ROW EXECUTE FUNCTION committees_keep_members('${type}');`
    ).join('\n')

    this.schema.raw(`
      CREATE UNIQUE INDEX committee_members_one_current_seat
        ON committee_members (committee_type, committee_id, member_id) WHERE to_date IS NULL;

      CREATE FUNCTION committee_members_check_committee() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_found integer;
      BEGIN
        EXECUTE format('SELECT 1 FROM %I WHERE id = $1 FOR KEY SHARE', NEW.committee_type || '_committees')
          INTO v_found USING NEW.committee_id;
        IF v_found IS NULL THEN
          RAISE EXCEPTION USING
            ERRCODE = 'foreign_key_violation', TABLE = 'committee_members',
            CONSTRAINT = 'committee_members_committee_fk',
            MESSAGE = format('committee_members: %s committee %s does not exist',
              NEW.committee_type, NEW.committee_id);
        END IF;
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER committee_members_check_committee
        BEFORE INSERT OR UPDATE OF committee_type, committee_id
        ON committee_members
        FOR EACH ROW EXECUTE FUNCTION committee_members_check_committee();

      CREATE FUNCTION committees_keep_members() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM committee_members
           WHERE committee_type = TG_ARGV[0] AND committee_id = OLD.id
        ) THEN
          RAISE EXCEPTION USING
            ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME,
            CONSTRAINT = 'committee_members_committee_fk',
            MESSAGE = format('%s %s still has committee_members rows; end their terms or deactivate the committee instead',
              TG_TABLE_NAME, OLD.id);
        END IF;
        RETURN OLD;
      END
      $fn$;
      ${keepMembersTriggers}
    `)
  }

  async down() {
    for (const type of COMMITTEE_TYPES) {
      this.schema.raw(`DROP TRIGGER ${type}_committees_keep_members ON ${type}_committees`)
    }
    this.schema.raw('DROP FUNCTION committees_keep_members()')
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION committee_members_check_committee()')
  }
}
