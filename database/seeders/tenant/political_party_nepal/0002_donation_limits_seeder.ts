import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { DEFAULT_DONATION_LIMITS } from '#party/donations/donation_rules'
import { fiscalYearFor } from '#party/calendar/fiscal_year'

/** Paisa (integer) to a rupee amount for a numeric(14,2) column: 2500000 → '25000.00'. */
function rupees(paisa: number): string {
  const whole = Math.trunc(paisa / 100)
  const cents = String(paisa % 100).padStart(2, '0')
  return `${whole}.${cents}`
}

/**
 * Seeds `donation_limits` for the current fiscal year (and for the fiscal
 * year the defaults were written for, if different) with the defaults of the
 * donation rules. Idempotent without clobbering: a fiscal year that already
 * has a row keeps the party's own figures.
 */
export default class DonationLimitsSeeder extends BaseSeeder {
  async run() {
    const fiscalYears = new Set([
      DEFAULT_DONATION_LIMITS.fiscalYear,
      fiscalYearFor(new Date()).label,
    ])
    const rows = [...fiscalYears].map((fiscalYear) => ({
      fiscal_year: fiscalYear,
      cash_limit: rupees(DEFAULT_DONATION_LIMITS.cashLimitPaisa),
      disclosure_threshold: rupees(DEFAULT_DONATION_LIMITS.disclosureThresholdPaisa),
      notes: `Default limits (${DEFAULT_DONATION_LIMITS.fiscalYear}) seeded at provisioning; review against the Election Commission's current figures.`,
    }))

    await this.client.table('donation_limits').multiInsert(rows).onConflict('fiscal_year').ignore()
  }
}
