import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Provincial committees (प्रदेश समिति), under a central committee. At most one
 * active committee per province.
 */
export default class extends BaseSchema {
  protected tableName = 'provincial_committees'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('central_committee_id')
        .notNullable()
        .references('id')
        .inTable('central_committees')
        .onDelete('RESTRICT')
      table
        .integer('province_id')
        .notNullable()
        .references('id')
        .inTable('provinces')
        .onDelete('RESTRICT')
      table.string('name', 200).notNullable()
      table.string('name_np', 200).nullable()
      table.date('term_start').nullable()
      table.date('term_end').nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.check('term_end >= term_start', [], 'provincial_committees_term_check')
      /** Target of ward_committees' composite foreign key. */
      table.unique(['id', 'central_committee_id'])
      table.index(['central_committee_id'])
      table.index(['province_id'])
    })
    this.schema.raw(`
      CREATE UNIQUE INDEX provincial_committees_one_active_per_province
        ON provincial_committees (province_id) WHERE is_active
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
