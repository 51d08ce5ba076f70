import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Append-only audit log of every change: who, when, what, old and new
 * values, IP address and user agent. A statement trigger refuses UPDATE,
 * DELETE and TRUNCATE with "audit_logs is append-only". `user_id` has no
 * foreign key on purpose: the log outlives the users it names.
 */
export default class extends BaseSchema {
  protected tableName = 'audit_logs'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.specificType('id', 'bigint GENERATED ALWAYS AS IDENTITY').primary()
      table.integer('user_id').nullable()
      /** e.g. `created`, `updated`, `deleted`, `restored`, `login`. */
      table.string('action', 50).notNullable()
      /** e.g. `members`, `donations`. */
      table.string('auditable_type', 100).nullable()
      table.bigInteger('auditable_id').nullable()
      table.jsonb('old_values').nullable()
      table.jsonb('new_values').nullable()
      table.specificType('ip_address', 'inet').nullable()
      table.text('user_agent').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check(`btrim(action) <> ''`, [], 'audit_logs_action_check')
      table.index(['auditable_type', 'auditable_id'])
      table.index(['user_id'])
      table.index(['created_at'])
    })

    this.schema.raw(`
      CREATE FUNCTION audit_logs_append_only() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'Record a correction as a new audit_logs row.';
      END
      $fn$;

      CREATE TRIGGER audit_logs_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_logs
        FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only();
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION audit_logs_append_only()')
  }
}
