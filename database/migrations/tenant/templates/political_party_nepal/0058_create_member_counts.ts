import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Member counts kept by triggers, so the members list's total and the
 * dashboard's figures read a few thousand rows instead of counting a
 * register of a million (docs/performance.md).
 *
 * - `member_area_counts`: members per (province, district, local level,
 *   membership type, active, deleted).
 * - `member_day_counts`: members not deleted per day, `joined` by membership
 *   date and `created` by the Nepal date their row was created.
 *
 * Both hold signed deltas: every INSERT, UPDATE, DELETE or COPY on `members`
 * adds one row per key it changed (statement triggers over the transition
 * tables, so an import of 100,000 rows adds a few hundred), and a count is
 * the sum over a key. Writers only ever insert, so two transactions adding
 * members in the same ward never wait for each other, however long one of
 * them runs. `member_counts_compact()` folds the deltas into one row per key
 * (rows marked `compacted`); TRUNCATE of `members` empties both tables.
 * `member_counts_rebuild()` recounts from `members`, for repair.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE member_area_counts (
        province_id integer NOT NULL,
        district_id integer NOT NULL,
        local_level_id integer NOT NULL,
        membership_type text NOT NULL,
        is_active boolean NOT NULL,
        deleted boolean NOT NULL,
        members integer NOT NULL,
        compacted boolean NOT NULL DEFAULT false
      );
      CREATE TABLE member_day_counts (
        kind text NOT NULL CONSTRAINT member_day_counts_kind_check CHECK (kind IN ('joined', 'created')),
        day date NOT NULL,
        members integer NOT NULL,
        compacted boolean NOT NULL DEFAULT false
      );
      CREATE INDEX member_day_counts_day_index ON member_day_counts (kind, day);
      -- How many deltas wait to be folded, read without scanning the counts.
      CREATE INDEX member_area_counts_pending_index ON member_area_counts (compacted)
        WHERE NOT compacted;
      CREATE INDEX member_day_counts_pending_index ON member_day_counts (compacted)
        WHERE NOT compacted;

      CREATE FUNCTION members_count_changes() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        changes text;
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM member_area_counts;
          DELETE FROM member_day_counts;
          RETURN NULL;
        END IF;
        changes := CASE TG_OP
          WHEN 'INSERT' THEN 'SELECT *, 1 AS delta FROM new_rows'
          WHEN 'DELETE' THEN 'SELECT *, -1 AS delta FROM old_rows'
          ELSE 'SELECT *, 1 AS delta FROM new_rows UNION ALL SELECT *, -1 FROM old_rows'
        END;
        EXECUTE format($sql$
          WITH changes AS (%s)
          INSERT INTO member_area_counts
            (province_id, district_id, local_level_id, membership_type, is_active, deleted, members)
          SELECT province_id, district_id, local_level_id, membership_type, is_active,
                 deleted_at IS NOT NULL, sum(delta)
            FROM changes
           GROUP BY 1, 2, 3, 4, 5, 6
          HAVING sum(delta) <> 0
        $sql$, changes);
        EXECUTE format($sql$
          WITH changes AS (%s)
          INSERT INTO member_day_counts (kind, day, members)
          SELECT kind, day, sum(delta)
            FROM (
              SELECT 'joined' AS kind, membership_date AS day, delta
                FROM changes WHERE deleted_at IS NULL
              UNION ALL
              SELECT 'created', (created_at AT TIME ZONE 'Asia/Kathmandu')::date, delta
                FROM changes WHERE deleted_at IS NULL
            ) days
           GROUP BY 1, 2
          HAVING sum(delta) <> 0
        $sql$, changes);
        RETURN NULL;
      END
      $fn$;

      CREATE TRIGGER members_count_inserts AFTER INSERT ON members
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION members_count_changes();
      CREATE TRIGGER members_count_updates AFTER UPDATE ON members
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION members_count_changes();
      CREATE TRIGGER members_count_deletes AFTER DELETE ON members
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION members_count_changes();
      CREATE TRIGGER members_count_truncates AFTER TRUNCATE ON members
        FOR EACH STATEMENT EXECUTE FUNCTION members_count_changes();

      -- Folds the deltas into one row per key. Safe beside writers (they only
      -- insert, and rows committed after this statement's snapshot stay) and
      -- beside another compaction (a row it deleted first is skipped here).
      CREATE FUNCTION member_counts_compact() RETURNS void
      LANGUAGE sql AS $fn$
        WITH folded AS (DELETE FROM member_area_counts RETURNING *)
        INSERT INTO member_area_counts
          (province_id, district_id, local_level_id, membership_type, is_active, deleted, members, compacted)
        SELECT province_id, district_id, local_level_id, membership_type, is_active, deleted,
               sum(members), true
          FROM folded
         GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(members) <> 0;
        WITH folded AS (DELETE FROM member_day_counts RETURNING *)
        INSERT INTO member_day_counts (kind, day, members, compacted)
        SELECT kind, day, sum(members), true
          FROM folded
         GROUP BY 1, 2
        HAVING sum(members) <> 0;
      $fn$;

      -- Recounts from the register, holding off writers meanwhile.
      CREATE FUNCTION member_counts_rebuild() RETURNS void
      LANGUAGE plpgsql AS $fn$
      BEGIN
        LOCK TABLE members IN SHARE MODE;
        DELETE FROM member_area_counts;
        DELETE FROM member_day_counts;
        INSERT INTO member_area_counts
          (province_id, district_id, local_level_id, membership_type, is_active, deleted, members, compacted)
        SELECT province_id, district_id, local_level_id, membership_type, is_active,
               deleted_at IS NOT NULL, count(*), true
          FROM members
         GROUP BY 1, 2, 3, 4, 5, 6;
        INSERT INTO member_day_counts (kind, day, members, compacted)
        SELECT 'joined', membership_date, count(*), true
          FROM members WHERE deleted_at IS NULL GROUP BY 2;
        INSERT INTO member_day_counts (kind, day, members, compacted)
        SELECT 'created', (created_at AT TIME ZONE 'Asia/Kathmandu')::date, count(*), true
          FROM members WHERE deleted_at IS NULL GROUP BY 2;
      END
      $fn$;

      SELECT member_counts_rebuild();
    `)
  }

  async down() {
    this.schema.raw(`
      DROP TRIGGER members_count_truncates ON members;
      DROP TRIGGER members_count_deletes ON members;
      DROP TRIGGER members_count_updates ON members;
      DROP TRIGGER members_count_inserts ON members;
      DROP FUNCTION member_counts_rebuild();
      DROP FUNCTION member_counts_compact();
      DROP FUNCTION members_count_changes();
      DROP TABLE member_day_counts;
      DROP TABLE member_area_counts;
    `)
  }
}
