import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Verification of donations by the treasurer, and the lock that follows it.
 *
 * - `verified_at` / `verified_by`: set together, once (a check keeps them paired).
 * - Trigger `donations_verified_lock`: a verified donation can be neither
 *   updated nor deleted, by the app or by anyone with SQL; TRUNCATE of a
 *   table holding verified donations is refused too. Correcting a verified
 *   donation is a matter for the party's accounts (a new entry), never an edit.
 * - Indexes for the staff list: newest first by (received_on, id), within a
 *   fiscal year, and partial ones for the "flagged" and "unverified" filters.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE donations ADD COLUMN verified_at timestamptz NULL;
      ALTER TABLE donations ADD COLUMN verified_by integer NULL
        REFERENCES users (id) ON DELETE RESTRICT;
      ALTER TABLE donations ADD CONSTRAINT donations_verified_pair_check
        CHECK ((verified_at IS NULL) = (verified_by IS NULL));

      CREATE FUNCTION donations_verified_lock() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          IF EXISTS (SELECT 1 FROM donations WHERE verified_at IS NOT NULL) THEN
            RAISE EXCEPTION 'donations: verified donations are locked; TRUNCATE is not allowed'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NULL;
        END IF;
        IF OLD.verified_at IS NOT NULL THEN
          RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege', TABLE = 'donations',
            CONSTRAINT = 'donations_verified_lock',
            MESSAGE = format('donations: donation %s (%s) is verified and locked; %s is not allowed',
              OLD.id, OLD.receipt_number, TG_OP);
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER donations_verified_lock
        BEFORE UPDATE OR DELETE ON donations
        FOR EACH ROW EXECUTE FUNCTION donations_verified_lock();
      CREATE TRIGGER donations_verified_lock_truncate
        BEFORE TRUNCATE ON donations
        FOR EACH STATEMENT EXECUTE FUNCTION donations_verified_lock();

      CREATE INDEX donations_list_index ON donations (received_on, id);
      CREATE INDEX donations_fiscal_year_list_index ON donations (fiscal_year, received_on, id);
      CREATE INDEX donations_split_suspected_list_index ON donations (received_on, id)
        WHERE split_suspected;
      CREATE INDEX donations_unverified_list_index ON donations (received_on, id)
        WHERE verified_at IS NULL;
    `)
  }

  async down() {
    this.schema.raw(`
      DROP INDEX donations_unverified_list_index;
      DROP INDEX donations_split_suspected_list_index;
      DROP INDEX donations_fiscal_year_list_index;
      DROP INDEX donations_list_index;
      DROP TRIGGER donations_verified_lock_truncate ON donations;
      DROP TRIGGER donations_verified_lock ON donations;
      DROP FUNCTION donations_verified_lock();
      ALTER TABLE donations DROP CONSTRAINT donations_verified_pair_check;
      ALTER TABLE donations DROP COLUMN verified_by;
      ALTER TABLE donations DROP COLUMN verified_at;
    `)
  }
}
