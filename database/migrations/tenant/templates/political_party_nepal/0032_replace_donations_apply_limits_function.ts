import { BaseSchema } from '@adonisjs/lucid/schema'

const sqlList = (values: readonly string[]) =>
  values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')

/** Written out, not imported: a migration is frozen history. */
const BANKING_PAYMENT_METHODS = ['cheque', 'bank_transfer']

const REFUSE_CASH_ABOVE_LIMIT = `
          IF NEW.is_above_limit AND NEW.payment_method NOT IN (${sqlList(BANKING_PAYMENT_METHODS)}) THEN
            RAISE EXCEPTION USING
              ERRCODE = 'check_violation', TABLE = 'donations',
              CONSTRAINT = 'donations_cash_above_limit',
              MESSAGE = format('donations: Rs %s is above the cash limit of Rs %s for fiscal year %s; it must come by %s, not %s',
                NEW.amount, v_cash_limit, NEW.fiscal_year, '${BANKING_PAYMENT_METHODS.join(' or ')}', NEW.payment_method);
          END IF;`

/**
 * `donations_apply_limits` of 0014 did nothing when the fiscal year had no
 * `donation_limits` row, so the cash rule (Political Parties Act 2073 s.38(3))
 * silently lapsed at the start of every fiscal year nobody had set up. Now
 * the last limits in force carry forward: the row of the donation's fiscal
 * year, else the latest earlier one; with no row at all the donation is
 * refused (`donations_limits_missing`).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION donations_apply_limits() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_cash_limit numeric;
      BEGIN
        -- 'YYYY/YY' labels sort in time order.
        SELECT cash_limit INTO v_cash_limit FROM donation_limits
          WHERE fiscal_year <= NEW.fiscal_year ORDER BY fiscal_year DESC LIMIT 1;
        IF NOT FOUND THEN
          RAISE EXCEPTION USING
            ERRCODE = 'check_violation', TABLE = 'donations',
            CONSTRAINT = 'donations_limits_missing',
            MESSAGE = format('donations: no donation_limits row for fiscal year %s or any earlier year; set the limits before recording donations',
              NEW.fiscal_year);
        END IF;
        NEW.is_above_limit := NEW.amount > v_cash_limit;
        ${REFUSE_CASH_ABOVE_LIMIT}
        RETURN NEW;
      END
      $fn$;
    `)
  }

  async down() {
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION donations_apply_limits() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_cash_limit numeric;
      BEGIN
        SELECT cash_limit INTO v_cash_limit FROM donation_limits WHERE fiscal_year = NEW.fiscal_year;
        IF FOUND THEN
          NEW.is_above_limit := NEW.amount > v_cash_limit;
          ${REFUSE_CASH_ABOVE_LIMIT}
        END IF;
        RETURN NEW;
      END
      $fn$;
    `)
  }
}
