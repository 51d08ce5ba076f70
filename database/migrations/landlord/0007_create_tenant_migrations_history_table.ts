import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'tenant_migrations_history'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table
        .integer('template_id')
        .nullable()
        .references('id')
        .inTable('tenant_templates')
        .onDelete('SET NULL')
      table.enu('migration_type', ['basic', 'template', 'module', 'custom']).notNullable()
      table.string('module', 64).nullable()
      table.string('name', 255).notNullable()
      table.integer('batch').notNullable()
      table.integer('duration_ms').notNullable().defaultTo(0)
      table.string('checksum', 64).notNullable()
      table.enu('status', ['applied', 'failed', 'rolled_back']).notNullable()
      table.text('error').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['tenant_id', 'migration_type'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
