import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What a donation was given for, as the Election Commission's donor list asks
 * (e.g. "general fund", "flood relief programme"). Optional free text, at most
 * 300 characters, never only spaces.
 */
export default class extends BaseSchema {
  protected tableName = 'donations'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('purpose', 300).nullable()
      table.check(`btrim(purpose) <> ''`, [], 'donations_purpose_check')
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('purpose')
    })
  }
}
