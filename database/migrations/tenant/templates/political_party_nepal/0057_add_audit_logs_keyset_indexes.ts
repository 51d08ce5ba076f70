import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The audit log page lists newest first by id (keyset pagination) with
 * optional filters on user, module and action: one (filter, id) index each,
 * so a filtered page walks its index instead of the whole log.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE INDEX audit_logs_user_id_id_index ON audit_logs (user_id, id);
      CREATE INDEX audit_logs_auditable_type_id_index ON audit_logs (auditable_type, id);
      CREATE INDEX audit_logs_action_id_index ON audit_logs (action, id);
    `)
  }

  async down() {
    this.schema.raw(`
      DROP INDEX audit_logs_user_id_id_index;
      DROP INDEX audit_logs_auditable_type_id_index;
      DROP INDEX audit_logs_action_id_index;
    `)
  }
}
