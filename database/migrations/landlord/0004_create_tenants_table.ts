import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'tenants'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('slug', 40).notNullable().unique()
      table.string('name', 200).notNullable()
      table.string('name_ne', 200).nullable()
      table
        .integer('template_id')
        .notNullable()
        .references('id')
        .inTable('tenant_templates')
        .onDelete('RESTRICT')
      table
        .enu('status', ['pending', 'provisioning', 'active', 'failed', 'suspended'])
        .notNullable()
        .defaultTo('pending')
      table.text('provisioning_error').nullable()
      table.string('db_host', 255).nullable()
      table.integer('db_port').nullable()
      table.string('db_name', 63).nullable().unique()
      table.timestamp('provisioned_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
      table.index(['status'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
