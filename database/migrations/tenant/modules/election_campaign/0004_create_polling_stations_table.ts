import { BaseSchema } from '@adonisjs/lucid/schema'

/** Polling stations (booths, मतदान स्थल) of a polling centre, with their voter counts. */
export default class extends BaseSchema {
  protected tableName = 'polling_stations'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('polling_centre_id')
        .notNullable()
        .references('id')
        .inTable('polling_centres')
        .onDelete('CASCADE')
      table.smallint('station_number').notNullable()
      table.integer('voter_count').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.unique(['polling_centre_id', 'station_number'])
      table.check('station_number > 0', [], 'polling_stations_station_number_check')
      table.check('voter_count >= 0', [], 'polling_stations_voter_count_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
