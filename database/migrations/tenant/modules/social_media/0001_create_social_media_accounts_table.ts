import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The party's social media accounts. No access tokens are stored here.
 * A handle is unique per platform, case-insensitively.
 */
export default class extends BaseSchema {
  protected tableName = 'social_media_accounts'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.enu('platform', ['facebook', 'x', 'instagram', 'youtube', 'tiktok']).notNullable()
      /** Handle without the leading `@`. */
      table.string('handle', 100).notNullable()
      table.string('display_name', 200).nullable()
      table.string('url', 500).nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check(
        `btrim(handle) <> '' AND handle !~ '^@'`,
        [],
        'social_media_accounts_handle_check'
      )
      table.check(`url ~* '^https://'`, [], 'social_media_accounts_url_check')
    })
    this.schema.raw(`
      CREATE UNIQUE INDEX social_media_accounts_platform_handle_unique
        ON social_media_accounts (platform, lower(handle))
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
