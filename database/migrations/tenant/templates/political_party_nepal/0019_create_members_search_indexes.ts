import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What the staff members list needs to stay fast at 100,000 members:
 * trigram indexes (pg_trgm, a trusted extension the database owner may
 * create) for substring search on names in both scripts, membership id,
 * citizenship number and phone; and a sort index per listed order, each
 * ending in id for stable pages. Membership ids come from a per-party
 * sequence so two staff saving at once never get the same number.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX members_full_name_trgm ON members USING gin (full_name gin_trgm_ops);
      CREATE INDEX members_full_name_np_trgm ON members USING gin (full_name_np gin_trgm_ops);
      CREATE INDEX members_membership_id_trgm ON members USING gin (membership_id gin_trgm_ops);
      CREATE INDEX members_citizenship_number_trgm ON members USING gin (citizenship_number gin_trgm_ops);
      CREATE INDEX members_phone_trgm ON members USING gin (phone gin_trgm_ops);
      CREATE INDEX members_listing_created ON members (created_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX members_listing_name ON members (full_name, id) WHERE deleted_at IS NULL;
      CREATE SEQUENCE members_membership_number_seq;
    `)
  }

  // pg_trgm stays: it may predate this migration or serve a custom layer.
  async down() {
    this.schema.raw(`
      DROP SEQUENCE members_membership_number_seq;
      DROP INDEX members_listing_name;
      DROP INDEX members_listing_created;
      DROP INDEX members_phone_trgm;
      DROP INDEX members_citizenship_number_trgm;
      DROP INDEX members_membership_id_trgm;
      DROP INDEX members_full_name_np_trgm;
      DROP INDEX members_full_name_trgm;
    `)
  }
}
