import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Party members. Soft-deleted through `deleted_at`.
 *
 * The address (province → district → local level → ward) must be consistent:
 * the trigger `members_check_geography` fills a missing district or province
 * from the level below and rejects a district outside the province, a local
 * level outside the district and a ward number outside 1 … ward_count.
 *
 * Citizenship certificate numbers are only unique within the district that
 * issued them, so uniqueness is on (issue district, number normalised to
 * ASCII letters and digits), among members that are not deleted.
 */
export default class extends BaseSchema {
  protected tableName = 'members'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      /** The party's membership number, printed on the card. Never reused. */
      table.string('membership_id', 30).notNullable().unique()
      table.string('full_name', 150).notNullable()
      table.string('full_name_np', 150).nullable()
      table.date('date_of_birth').nullable()
      table.enu('gender', ['male', 'female', 'other']).notNullable()
      /** Citizenship certificate number as written (free text, e.g. `27-01-71-01234`). */
      table.string('citizenship_number', 30).notNullable()
      table
        .integer('citizenship_issue_district_id')
        .nullable()
        .references('id')
        .inTable('districts')
        .onDelete('RESTRICT')
      table.date('citizenship_issue_date').nullable()
      table.string('email', 254).nullable()
      /** E.164, see docs/schema.md (phone numbers). */
      table.string('phone', 16).nullable()
      table
        .integer('province_id')
        .notNullable()
        .references('id')
        .inTable('provinces')
        .onDelete('RESTRICT')
      table
        .integer('district_id')
        .notNullable()
        .references('id')
        .inTable('districts')
        .onDelete('RESTRICT')
      table
        .integer('local_level_id')
        .notNullable()
        .references('id')
        .inTable('local_levels')
        .onDelete('RESTRICT')
      table.smallint('ward_number').notNullable()
      table.text('permanent_address').nullable()
      table.text('temporary_address').nullable()
      table
        .enu('membership_type', ['general', 'active', 'honorary'])
        .notNullable()
        .defaultTo('general')
      table.date('membership_date').notNullable().defaultTo(this.raw('CURRENT_DATE'))
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('deleted_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check(`btrim(full_name) <> ''`, [], 'members_full_name_check')
      table.check(`btrim(citizenship_number) <> ''`, [], 'members_citizenship_number_check')
      table.check('ward_number > 0', [], 'members_ward_number_check')
      table.check(
        `phone ~ '^\\+977[0-9]{8,10}$' or (phone !~ '^\\+977' and phone ~ '^\\+[1-9][0-9]{6,14}$')`,
        [],
        'members_phone_check'
      )
      table.check(
        `email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'`,
        [],
        'members_email_check'
      )
      table.check('date_of_birth <= membership_date', [], 'members_date_of_birth_check')
      table.check(
        'citizenship_issue_date >= date_of_birth',
        [],
        'members_citizenship_issue_date_check'
      )

      table.index(['province_id'])
      table.index(['district_id'])
      table.index(['local_level_id', 'ward_number'])
      table.index(['citizenship_issue_district_id'])
      table.index(['phone'])
    })

    this.schema.raw(`
      CREATE UNIQUE INDEX members_citizenship_unique
        ON members (
          citizenship_issue_district_id,
          (lower(regexp_replace(translate(citizenship_number, '०१२३४५६७८९', '0123456789'), '[^0-9A-Za-z]', '', 'g')))
        )
        NULLS NOT DISTINCT
        WHERE deleted_at IS NULL
    `)
    this.schema.raw(`CREATE INDEX members_lower_email_index ON members (lower(email))`)

    this.schema.raw(`
      CREATE FUNCTION members_check_geography() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NEW.district_id IS NULL AND NEW.local_level_id IS NOT NULL THEN
          NEW.district_id := (SELECT district_id FROM local_levels WHERE id = NEW.local_level_id);
        END IF;
        IF NEW.province_id IS NULL AND NEW.district_id IS NOT NULL THEN
          NEW.province_id := (SELECT province_id FROM districts WHERE id = NEW.district_id);
        END IF;
        PERFORM assert_nepal_geography(
          NEW.province_id, NEW.district_id, NEW.local_level_id, NEW.ward_number, 'members'
        );
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER members_check_geography
        BEFORE INSERT OR UPDATE OF province_id, district_id, local_level_id, ward_number
        ON members
        FOR EACH ROW EXECUTE FUNCTION members_check_geography();
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION members_check_geography()')
  }
}
