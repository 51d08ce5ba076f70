import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Membership cards issued to members. At most one active card per member;
 * a lost or replaced card keeps its row with its status.
 */
export default class extends BaseSchema {
  protected tableName = 'membership_cards'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('member_id')
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.string('card_number', 50).notNullable().unique()
      table.date('issued_on').notNullable().defaultTo(this.raw('CURRENT_DATE'))
      table.date('expires_on').nullable()
      table
        .enu('status', ['active', 'expired', 'lost', 'revoked', 'replaced'])
        .notNullable()
        .defaultTo('active')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.index(['member_id'])
      table.check('expires_on >= issued_on', [], 'membership_cards_dates_check')
    })
    this.schema.raw(`
      CREATE UNIQUE INDEX membership_cards_one_active_per_member
        ON membership_cards (member_id) WHERE status = 'active'
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
