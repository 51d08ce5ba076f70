import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'template_module_tenant'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table
        .integer('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table
        .integer('template_module_id')
        .notNullable()
        .references('id')
        .inTable('template_modules')
        .onDelete('RESTRICT')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['tenant_id', 'template_module_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
