import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * How long a party's last provisioning took, whoever ran it (the queue
 * worker, tenant:create --sync or the dev start-up): the console's chart of
 * provisioning times reads it.
 */
export default class extends BaseSchema {
  protected tableName = 'tenants'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.integer('provisioning_ms').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('provisioning_ms')
    })
  }
}
