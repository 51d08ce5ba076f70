import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The 7 provinces. Reference data loaded by the geography seeder; ids come
 * from the data (not a sequence) so they are the same in every tenant.
 */
export default class extends BaseSchema {
  protected tableName = 'provinces'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.integer('id').primary()
      /** ISO 3166-2 code, `NP-P1` … `NP-P7`. */
      table.string('code', 10).notNullable().unique()
      table.string('name', 100).notNullable().unique()
      table.string('name_np', 100).notNullable()
      table.string('headquarters', 100).notNullable()
      table.string('headquarters_np', 100).nullable()
      table.check('id > 0', [], 'provinces_id_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
