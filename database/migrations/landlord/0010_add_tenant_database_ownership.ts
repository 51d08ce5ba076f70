import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Databases the platform owns: every tenant gets a UUID (the mark written on
 * its database and role) and its own login role, whose password is kept
 * encrypted with the app key. The landlord database stops accepting
 * connections from every role but its owner (and the migrating role), so a
 * tenant role cannot reach it.
 */
export default class extends BaseSchema {
  protected tableName = 'tenants'

  async up() {
    // gen_random_uuid() is volatile: PostgreSQL evaluates it per existing row (backfill).
    this.schema.alterTable(this.tableName, (table) => {
      table.uuid('uuid').notNullable().defaultTo(this.raw('gen_random_uuid()')).unique()
      table.string('db_user', 63).nullable()
      table.text('db_password').nullable()
    })
    this.defer(async (db) => {
      await db.rawQuery(`
        do $$
        begin
          execute format('grant connect on database %I to current_user', current_database());
          execute format('revoke connect on database %I from public', current_database());
        end
        $$`)
    })
  }

  async down() {
    this.defer(async (db) => {
      await db.rawQuery(`
        do $$
        begin
          execute format('grant connect on database %I to public', current_database());
        end
        $$`)
    })
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('db_password')
      table.dropColumn('db_user')
      table.dropColumn('uuid')
    })
  }
}
