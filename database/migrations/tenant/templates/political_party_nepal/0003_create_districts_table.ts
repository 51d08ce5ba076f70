import { BaseSchema } from '@adonisjs/lucid/schema'

/** The 77 districts. Reference data; ids from the data, stable across tenants. */
export default class extends BaseSchema {
  protected tableName = 'districts'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.integer('id').primary()
      table
        .integer('province_id')
        .notNullable()
        .references('id')
        .inTable('provinces')
        .onDelete('RESTRICT')
      table.string('name', 100).notNullable().unique()
      table.string('name_np', 100).notNullable()
      table.string('headquarters', 100).notNullable()
      table.string('headquarters_np', 100).nullable()
      table.check('id > 0', [], 'districts_id_check')
      table.index(['province_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
