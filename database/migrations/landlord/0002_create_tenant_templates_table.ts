import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'tenant_templates'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('name', 64).notNullable().unique()
      table.string('display_name', 120).notNullable()
      table.text('description').nullable()
      table.string('version', 20).notNullable().defaultTo('1.0.0')
      table.boolean('is_active').notNullable().defaultTo(true)
      table.jsonb('config').notNullable().defaultTo('{}')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
