import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The PostgreSQL servers tenant databases may live on. A tenant row names
 * its server by db_host/db_port; provisioning places a new tenant on the
 * accepting server with the lowest share of its capacity in use. With no
 * rows, every tenant goes to the landlord's server as before.
 */
export default class extends BaseSchema {
  protected tableName = 'database_servers'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('name', 40).notNullable().unique()
      table.string('host', 255).notNullable()
      table.integer('port').notNullable()
      /** How many tenant databases it may hold. */
      table.integer('capacity').notNullable()
      /** Whether provisioning and tenant:move may put new tenants here. */
      table.boolean('accepting').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
      table.unique(['host', 'port'])
    })
    this.schema.raw(
      'alter table database_servers add constraint database_servers_port_check check (port between 1 and 65535)'
    )
    this.schema.raw(
      'alter table database_servers add constraint database_servers_capacity_check check (capacity >= 0)'
    )
    // Load per server is counted from the tenants' host and port.
    this.schema.raw('create index tenants_db_host_db_port_index on tenants (db_host, db_port)')
  }

  async down() {
    this.schema.raw('drop index if exists tenants_db_host_db_port_index')
    this.schema.dropTable(this.tableName)
  }
}
