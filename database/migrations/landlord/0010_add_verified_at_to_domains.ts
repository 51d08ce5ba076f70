import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A custom domain reaches its party's portal only once verified.
 */
export default class extends BaseSchema {
  protected tableName = 'domains'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.timestamp('verified_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('verified_at')
    })
  }
}
