import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Posts to publish on an account, in English and/or Nepali.
 * A `scheduled` post has `scheduled_at`, a `published` one `published_at`,
 * a `failed` one an `error`. The publisher picks rows by (status, scheduled_at).
 */
export default class extends BaseSchema {
  protected tableName = 'scheduled_posts'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('account_id')
        .notNullable()
        .references('id')
        .inTable('social_media_accounts')
        .onDelete('CASCADE')
      table.text('content').nullable()
      table.text('content_np').nullable()
      table.timestamp('scheduled_at', { useTz: true }).nullable()
      table
        .enu('status', ['draft', 'scheduled', 'published', 'failed'])
        .notNullable()
        .defaultTo('draft')
      table.timestamp('published_at', { useTz: true }).nullable()
      /** The platform's id of the published post. */
      table.string('external_post_id', 200).nullable()
      table.text('error').nullable()
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.index(['status', 'scheduled_at'])
      table.index(['account_id'])
      table.check(
        `btrim(coalesce(content, '')) <> '' OR btrim(coalesce(content_np, '')) <> ''`,
        [],
        'scheduled_posts_content_check'
      )
      table.check(
        `CASE status
          WHEN 'scheduled' THEN scheduled_at IS NOT NULL
          WHEN 'published' THEN published_at IS NOT NULL
          WHEN 'failed' THEN error IS NOT NULL
          ELSE true END`,
        [],
        'scheduled_posts_status_fields_check'
      )
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
