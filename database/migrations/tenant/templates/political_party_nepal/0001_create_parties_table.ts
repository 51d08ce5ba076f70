import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `{ en, ne }` translation object: only those two keys, each a string, and at
 * least one of them non-empty when `required`.
 */
function translationsCheck(column: string, required: boolean): string {
  const isStringOrAbsent = (key: string) =>
    `coalesce(jsonb_typeof(${column} -> '${key}'), 'string') = 'string'`
  const parts = [
    `jsonb_typeof(${column}) = 'object'`,
    `(${column} - 'en' - 'ne') = '{}'::jsonb`,
    isStringOrAbsent('en'),
    isStringOrAbsent('ne'),
  ]
  if (required) {
    parts.push(
      `(btrim(coalesce(${column} ->> 'en', '')) <> '' or btrim(coalesce(${column} ->> 'ne', '')) <> '')`
    )
  }
  return parts.join(' and ')
}

/**
 * The party's own profile. A tenant database belongs to one party, so this
 * table normally holds one row.
 */
export default class extends BaseSchema {
  protected tableName = 'parties'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      /** `{ "en": "Nepali Congress", "ne": "नेपाली कांग्रेस" }` */
      table.jsonb('name_translations').notNullable()
      table.jsonb('description_translations').notNullable().defaultTo(this.raw(`'{}'::jsonb`))
      /** Abbreviation as commonly written, e.g. `NC`, `UML`, `RSP`. */
      table.string('short_name', 30).nullable()
      /** Registration number at the Election Commission; null until registered. */
      table.string('registration_number', 50).nullable().unique()
      /** Bikram Sambat date, `YYYY-MM-DD`. */
      table.string('established_date_bs', 10).nullable()
      table.date('established_date_ad').nullable()
      table.string('headquarters', 200).nullable()
      table.string('chairperson', 150).nullable()
      /** Permanent Account Number of the party, 9 digits. */
      table.string('pan', 9).nullable()
      /** E.164, see docs/schema.md (phone numbers). */
      table.string('phone', 16).nullable()
      table.string('email', 254).nullable()
      table.string('website', 255).nullable()
      table.text('address').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check(
        translationsCheck('name_translations', true),
        [],
        'parties_name_translations_check'
      )
      table.check(
        translationsCheck('description_translations', false),
        [],
        'parties_description_translations_check'
      )
      table.check(
        `established_date_bs ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[0-2])$'`,
        [],
        'parties_established_date_bs_check'
      )
      table.check(`pan ~ '^[0-9]{9}$'`, [], 'parties_pan_check')
      table.check(
        `phone ~ '^\\+977[0-9]{8,10}$' or (phone !~ '^\\+977' and phone ~ '^\\+[1-9][0-9]{6,14}$')`,
        [],
        'parties_phone_check'
      )
      table.check(
        `email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'`,
        [],
        'parties_email_check'
      )
      table.check(`website ~* '^https{0,1}://'`, [], 'parties_website_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
