import { BaseSchema } from '@adonisjs/lucid/schema'

const sqlList = (values: readonly string[]) =>
  values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')

/** Written out, not imported: a migration is frozen history (ALLOWED_DONOR_TYPES may change). */
const ALLOWED_DONOR_TYPES = [
  'individual',
  'private_organisation',
  'private_educational_institution',
]

/** The donor types of 0014, before private educational institutions were told apart. */
const OLD_ALLOWED_DONOR_TYPES = ['individual', 'private_organisation']

/** Digits of a citizenship number, Devanagari made ASCII (as citizenshipNumberKey() in the app). */
const citizenshipKey = (column: string) =>
  `nullif(regexp_replace(translate(${column}, '०१२३४५६७८९', '0123456789'), '[^0-9]', '', 'g'), '')`

/**
 * What Political Parties Act 2073 s.38 needs beyond 0014:
 *
 * - `donations.donor_type` also accepts `private_educational_institution`
 *   (s.38(2)(d) bars only public and community institutions).
 * - `donations.donor_citizenship_key` (digits only, generated) to add up what
 *   one donor gives in cash; `split_suspected` and `donor_cash_total` record
 *   the flag for the treasurer with the donor's running cash total.
 * - `donation_receipt_sequences`: the receipt counter per fiscal year
 *   (s.38(4), a receipt for every donation), taken under a row lock.
 * - `designated_prohibited_donors`: donors the Election Commission designates
 *   (s.38(2)(h)), kept by the party admin.
 * - `party_settings`: key/value settings of the party
 *   (`donations.refuse_split_cash`, default flag only).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE donations DROP CONSTRAINT donations_donor_type_check;
      ALTER TABLE donations ADD CONSTRAINT donations_donor_type_check
        CHECK (donor_type IN (${sqlList(ALLOWED_DONOR_TYPES)}));
      ALTER TABLE donations ADD COLUMN donor_citizenship_key varchar(30)
        GENERATED ALWAYS AS (${citizenshipKey('donor_citizenship_number')}) STORED;
      ALTER TABLE donations ADD COLUMN split_suspected boolean NOT NULL DEFAULT false;
      ALTER TABLE donations ADD COLUMN donor_cash_total numeric(16, 2) NULL;
      ALTER TABLE donations ADD CONSTRAINT donations_donor_cash_total_check
        CHECK (donor_cash_total <> 'NaN'::numeric AND donor_cash_total > 0);
      CREATE INDEX donations_fiscal_year_citizenship_key_index
        ON donations (fiscal_year, donor_citizenship_key);
      CREATE INDEX donations_fiscal_year_donor_pan_index ON donations (fiscal_year, donor_pan);
    `)

    this.schema.createTable('donation_receipt_sequences', (table) => {
      table.string('fiscal_year', 7).primary()
      table.integer('last_sequence').notNullable()
      table.check('last_sequence > 0', [], 'donation_receipt_sequences_last_sequence_check')
    })

    this.schema.createTable('designated_prohibited_donors', (table) => {
      table.increments('id')
      table.string('name', 200).notNullable()
      table.string('pan', 9).nullable()
      table.string('citizenship_number', 30).nullable()
      /** The Election Commission's notice or decision designating the donor. */
      table.string('ec_reference', 200).nullable()
      table.text('notes').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.check(`btrim(name) <> ''`, [], 'designated_prohibited_donors_name_check')
      table.check(`pan ~ '^[0-9]{9}$'`, [], 'designated_prohibited_donors_pan_check')
    })
    this.schema.raw(`
      ALTER TABLE designated_prohibited_donors ADD COLUMN name_key varchar(200)
        GENERATED ALWAYS AS (lower(regexp_replace(btrim(name), '\\s+', ' ', 'g'))) STORED;
      ALTER TABLE designated_prohibited_donors ADD COLUMN citizenship_key varchar(30)
        GENERATED ALWAYS AS (${citizenshipKey('citizenship_number')}) STORED;
      CREATE INDEX designated_prohibited_donors_name_key_index ON designated_prohibited_donors (name_key);
      CREATE INDEX designated_prohibited_donors_pan_index ON designated_prohibited_donors (pan);
      CREATE INDEX designated_prohibited_donors_citizenship_key_index
        ON designated_prohibited_donors (citizenship_key);
    `)

    this.schema.createTable('party_settings', (table) => {
      table.string('key', 100).primary()
      table.jsonb('value').notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
  }

  async down() {
    this.schema.dropTable('party_settings')
    this.schema.dropTable('designated_prohibited_donors')
    this.schema.dropTable('donation_receipt_sequences')
    this.schema.raw(`
      DROP INDEX donations_fiscal_year_donor_pan_index;
      DROP INDEX donations_fiscal_year_citizenship_key_index;
      ALTER TABLE donations DROP COLUMN donor_cash_total;
      ALTER TABLE donations DROP COLUMN split_suspected;
      ALTER TABLE donations DROP COLUMN donor_citizenship_key;
      ALTER TABLE donations DROP CONSTRAINT donations_donor_type_check;
      ALTER TABLE donations ADD CONSTRAINT donations_donor_type_check
        CHECK (donor_type IN (${sqlList(OLD_ALLOWED_DONOR_TYPES)}));
    `)
  }
}
