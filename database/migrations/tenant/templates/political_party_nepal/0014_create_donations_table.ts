import { BaseSchema } from '@adonisjs/lucid/schema'
import {
  ALLOWED_DONOR_TYPES,
  BANKING_PAYMENT_METHODS,
  PAYMENT_METHODS,
} from '#party/donations/donation_rules'

const sqlList = (values: readonly string[]) =>
  values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')

/**
 * Donations received (Political Parties Act, 2073, s. 38), in rupees.
 *
 * - Only donor types the Act allows can be stored (ALLOWED_DONOR_TYPES):
 *   a prohibited donation is refused by the app and never gets a receipt.
 * - No anonymous donors: a name, plus a citizenship number for an individual
 *   or a 9-digit PAN for an organisation.
 * - fiscal_year `YYYY/YY` (consecutive years) and `received_on_bs` inside it.
 * - The trigger `donations_apply_limits` sets `is_above_limit` from the
 *   fiscal year's `donation_limits` row (amount > cash_limit) and refuses a
 *   cash or wallet donation above the limit. Without a limits row for the
 *   fiscal year, `is_above_limit` is kept as given.
 */
export default class extends BaseSchema {
  protected tableName = 'donations'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('fiscal_year', 7).notNullable()
      table.enu('donor_type', [...ALLOWED_DONOR_TYPES]).notNullable()
      table.string('donor_name', 200).notNullable()
      table.string('donor_citizenship_number', 30).nullable()
      table.string('donor_pan', 9).nullable()
      table.text('donor_address').nullable()
      table.decimal('amount', 14, 2).notNullable()
      table.enu('payment_method', [...PAYMENT_METHODS]).notNullable()
      /** Cheque number, bank transaction id or wallet transaction id. */
      table.string('bank_reference', 100).nullable()
      table.string('ec_reference_number', 100).nullable()
      table.string('receipt_number', 50).notNullable().unique()
      table.boolean('is_above_limit').notNullable().defaultTo(false)
      /** Bikram Sambat date, `YYYY-MM-DD`. */
      table.string('received_on_bs', 10).notNullable()
      table.date('received_on').notNullable()
      table.integer('recorded_by').nullable().references('id').inTable('users').onDelete('RESTRICT')
      table.integer('member_id').nullable().references('id').inTable('members').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.check(
        `CASE WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
          THEN right(fiscal_year, 2)::integer = (left(fiscal_year, 4)::integer + 1) % 100
          ELSE false END`,
        [],
        'donations_fiscal_year_check'
      )
      table.check(
        `received_on_bs ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[0-2])$'`,
        [],
        'donations_received_on_bs_check'
      )
      table.check(
        `CASE WHEN fiscal_year ~ '^[0-9]{4}/[0-9]{2}$'
          THEN received_on_bs >= left(fiscal_year, 4) || '-04-01'
           AND received_on_bs < (left(fiscal_year, 4)::integer + 1)::text || '-04-01'
          ELSE false END`,
        [],
        'donations_received_in_fiscal_year_check'
      )
      table.check(`btrim(donor_name) <> ''`, [], 'donations_donor_name_check')
      table.check(`donor_pan ~ '^[0-9]{9}$'`, [], 'donations_donor_pan_check')
      table.check(
        `CASE WHEN donor_type = 'individual'
          THEN btrim(coalesce(donor_citizenship_number, '')) <> ''
          ELSE donor_pan IS NOT NULL END`,
        [],
        'donations_donor_identified_check'
      )
      table.check('amount > 0', [], 'donations_amount_check')

      table.index(['fiscal_year', 'received_on'])
      table.index(['received_on'])
      table.index(['donor_pan'])
      table.index(['donor_citizenship_number'])
      table.index(['member_id'])
      table.index(['recorded_by'])
    })

    this.schema.raw(`
      CREATE FUNCTION donations_apply_limits() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_cash_limit numeric;
      BEGIN
        SELECT cash_limit INTO v_cash_limit FROM donation_limits WHERE fiscal_year = NEW.fiscal_year;
        IF FOUND THEN
          NEW.is_above_limit := NEW.amount > v_cash_limit;
          IF NEW.is_above_limit AND NEW.payment_method NOT IN (${sqlList(BANKING_PAYMENT_METHODS)}) THEN
            RAISE EXCEPTION USING
              ERRCODE = 'check_violation', TABLE = 'donations',
              CONSTRAINT = 'donations_cash_above_limit',
              MESSAGE = format('donations: Rs %s is above the cash limit of Rs %s for fiscal year %s; it must come by %s, not %s',
                NEW.amount, v_cash_limit, NEW.fiscal_year, ${`'${BANKING_PAYMENT_METHODS.join(' or ')}'`}, NEW.payment_method);
          END IF;
        END IF;
        RETURN NEW;
      END
      $fn$;

      CREATE TRIGGER donations_apply_limits
        BEFORE INSERT OR UPDATE OF fiscal_year, amount, payment_method, is_above_limit
        ON donations
        FOR EACH ROW EXECUTE FUNCTION donations_apply_limits();
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
    this.schema.raw('DROP FUNCTION donations_apply_limits()')
  }
}
