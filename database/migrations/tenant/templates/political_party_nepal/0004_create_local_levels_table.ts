import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The 753 local levels (metropolitan cities, sub-metropolitan cities,
 * municipalities, rural municipalities) with their ward counts. Reference
 * data; ids from the data, stable across tenants. Wards are numbered
 * 1 … ward_count.
 */
export default class extends BaseSchema {
  protected tableName = 'local_levels'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.integer('id').primary()
      table
        .integer('district_id')
        .notNullable()
        .references('id')
        .inTable('districts')
        .onDelete('RESTRICT')
      table.string('name', 100).notNullable()
      table.string('name_np', 100).notNullable()
      /** Constitutional kinds of local level (same list as LOCAL_LEVEL_TYPES). */
      table
        .enu('type', ['metropolitan', 'sub_metropolitan', 'municipality', 'rural_municipality'])
        .notNullable()
      table.smallint('ward_count').notNullable()
      table.check('id > 0', [], 'local_levels_id_check')
      table.check('ward_count > 0', [], 'local_levels_ward_count_check')
      table.unique(['district_id', 'name'])
      table.index(['type'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
