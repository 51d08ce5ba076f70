import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Who the platform talks to at a party (asked in the provisioning wizard).
 */
export default class extends BaseSchema {
  protected tableName = 'tenants'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('contact_email', 254).nullable()
      table.string('contact_phone', 20).nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('contact_email')
      table.dropColumn('contact_phone')
    })
  }
}
