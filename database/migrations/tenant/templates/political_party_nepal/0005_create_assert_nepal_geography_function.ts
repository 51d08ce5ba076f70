import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `assert_nepal_geography(province_id, district_id, local_level_id,
 * ward_number, table_name)`: raises a check_violation when the given parts of
 * an address do not fit together (district outside the province, local level
 * outside the district, ward number outside 1 … ward_count, ward without a
 * local level). Null parts are not checked; unknown ids are left to the
 * foreign keys. Used by the triggers of members, committees and the modules'
 * tables that carry an address. The constraint name of the error is
 * `<table_name>_district_in_province`, `<table_name>_local_level_in_district`
 * or `<table_name>_ward_number_in_local_level`.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE FUNCTION assert_nepal_geography(
        p_province_id integer,
        p_district_id integer,
        p_local_level_id integer,
        p_ward_number integer,
        p_table text
      ) RETURNS void
      LANGUAGE plpgsql STABLE AS $fn$
      DECLARE
        v_province_id integer;
        v_district_id integer;
        v_ward_count integer;
      BEGIN
        IF p_district_id IS NOT NULL AND p_province_id IS NOT NULL THEN
          SELECT province_id INTO v_province_id FROM districts WHERE id = p_district_id;
          IF FOUND AND v_province_id <> p_province_id THEN
            RAISE EXCEPTION USING
              ERRCODE = 'check_violation',
              TABLE = p_table,
              CONSTRAINT = p_table || '_district_in_province',
              MESSAGE = format('%s: district %s is not in province %s (it is in province %s)',
                p_table, p_district_id, p_province_id, v_province_id);
          END IF;
        END IF;

        IF p_ward_number IS NOT NULL AND p_local_level_id IS NULL THEN
          RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            TABLE = p_table,
            CONSTRAINT = p_table || '_ward_number_in_local_level',
            MESSAGE = format('%s: ward %s given without a local level', p_table, p_ward_number);
        END IF;

        IF p_local_level_id IS NOT NULL THEN
          SELECT district_id, ward_count INTO v_district_id, v_ward_count
            FROM local_levels WHERE id = p_local_level_id;
          IF FOUND THEN
            IF p_district_id IS NOT NULL AND v_district_id <> p_district_id THEN
              RAISE EXCEPTION USING
                ERRCODE = 'check_violation',
                TABLE = p_table,
                CONSTRAINT = p_table || '_local_level_in_district',
                MESSAGE = format('%s: local level %s is not in district %s (it is in district %s)',
                  p_table, p_local_level_id, p_district_id, v_district_id);
            END IF;
            IF p_ward_number IS NOT NULL AND (p_ward_number < 1 OR p_ward_number > v_ward_count) THEN
              RAISE EXCEPTION USING
                ERRCODE = 'check_violation',
                TABLE = p_table,
                CONSTRAINT = p_table || '_ward_number_in_local_level',
                MESSAGE = format('%s: ward %s does not exist in local level %s, which has wards 1 to %s',
                  p_table, p_ward_number, p_local_level_id, v_ward_count);
            END IF;
          END IF;
        END IF;
      END
      $fn$
    `)
  }

  async down() {
    this.schema.raw(
      'DROP FUNCTION assert_nepal_geography(integer, integer, integer, integer, text)'
    )
  }
}
