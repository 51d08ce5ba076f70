import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Party staff roles on the basic layer's `users`: admin, secretary,
 * treasurer, data_entry, viewer (see docs/party_portal.md). The basic
 * layer's generic roles map to the nearest party role: owner → admin,
 * staff → data_entry. New accounts default to the least privileged role.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE users DROP CONSTRAINT users_role_check;
      UPDATE users SET role = 'admin' WHERE role = 'owner';
      UPDATE users SET role = 'data_entry' WHERE role = 'staff';
      ALTER TABLE users
        ADD CONSTRAINT users_role_check
          CHECK (role IN ('admin', 'secretary', 'treasurer', 'data_entry', 'viewer')),
        ALTER COLUMN role SET DEFAULT 'viewer';
      CREATE UNIQUE INDEX users_lower_email_unique ON users (lower(email));
    `)
  }

  async down() {
    this.schema.raw(`
      DROP INDEX users_lower_email_unique;
      ALTER TABLE users DROP CONSTRAINT users_role_check;
      UPDATE users SET role = 'staff' WHERE role IN ('secretary', 'treasurer', 'data_entry');
      ALTER TABLE users
        ADD CONSTRAINT users_role_check CHECK (role IN ('owner', 'admin', 'staff', 'viewer')),
        ALTER COLUMN role SET DEFAULT 'staff';
    `)
  }
}
