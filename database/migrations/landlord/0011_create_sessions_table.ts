import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Server-side sessions when Redis is not configured (SESSION_DRIVER=database).
 * The id is `<host>|<session id>`: a session belongs to one host.
 */
export default class extends BaseSchema {
  protected tableName = 'sessions'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.string('id', 320).primary()
      table.text('data').notNullable()
      table.string('user_id').nullable().index()
      table.timestamp('expires_at', { useTz: true }).notNullable().index()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
