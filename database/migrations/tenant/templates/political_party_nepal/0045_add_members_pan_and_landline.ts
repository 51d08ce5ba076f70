import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A member's PAN (Permanent Account Number: 9 digits, stored ASCII) and a
 * landline in E.164 (`+977`, the area code without its 0, the subscriber
 * number: 8 digits that do not start with 9, which is the mobile range).
 * PAN is searched by exact match, so a plain btree index on the rows that
 * have one; not unique, as the register may hold the same person's PAN on a
 * deleted and a current row.
 */
export default class extends BaseSchema {
  protected tableName = 'members'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('pan_number', 9).nullable()
      table.string('landline', 16).nullable()
      table.check(`pan_number ~ '^[0-9]{9}$'`, [], 'members_pan_number_check')
      table.check(`landline ~ '^\\+977[1-8][0-9]{7}$'`, [], 'members_landline_check')
    })
    this.schema.raw(
      `CREATE INDEX members_pan_number_index ON members (pan_number) WHERE pan_number IS NOT NULL`
    )
  }

  async down() {
    // Dropping the columns drops their checks and the index too.
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('landline')
      table.dropColumn('pan_number')
    })
  }
}
