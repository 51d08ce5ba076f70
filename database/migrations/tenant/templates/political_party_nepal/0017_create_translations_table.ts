import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Party-specific UI strings and labels in English and Nepali, overriding or
 * adding to the app's resources/lang files. Unique per (group, key).
 */
export default class extends BaseSchema {
  protected tableName = 'translations'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('group', 100).notNullable()
      table.string('key', 200).notNullable()
      table.text('text_en').nullable()
      table.text('text_np').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['group', 'key'])
      table.check(`btrim("group") <> '' AND btrim(key) <> ''`, [], 'translations_group_key_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
