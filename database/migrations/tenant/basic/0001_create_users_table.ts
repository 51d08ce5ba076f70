import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('full_name', 150).notNullable()
      table.string('full_name_np', 150).nullable()
      table.string('email', 254).notNullable().unique()
      table.string('password').notNullable()
      table.enu('role', ['owner', 'admin', 'staff', 'viewer']).notNullable().defaultTo('staff')
      table.string('locale', 5).notNullable().defaultTo('ne')
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('last_login_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
