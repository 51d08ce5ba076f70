import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Central committees (केन्द्रीय समिति), one row per term. At most one is active.
 */
export default class extends BaseSchema {
  protected tableName = 'central_committees'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('name', 200).notNullable()
      table.string('name_np', 200).nullable()
      table.date('term_start').nullable()
      table.date('term_end').nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.check('term_end >= term_start', [], 'central_committees_term_check')
    })
    this.schema.raw(`
      CREATE UNIQUE INDEX central_committees_one_active
        ON central_committees (is_active) WHERE is_active
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
