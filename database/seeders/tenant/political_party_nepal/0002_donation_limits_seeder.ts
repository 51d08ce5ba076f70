import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { DEFAULT_DONATION_LIMITS } from '#party/donations/donation_rules'
import { fiscalYearFor } from '#party/calendar/fiscal_year'
import { nepalCalendarDate } from '#party/calendar/bikram_sambat'
import { paisaToDecimal } from '#party/donations/donation_amount'

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
      fiscalYearFor(nepalCalendarDate()).label,
    ])
    const rows = [...fiscalYears].map((fiscalYear) => ({
      fiscal_year: fiscalYear,
      cash_limit: paisaToDecimal(DEFAULT_DONATION_LIMITS.cashLimitPaisa),
      disclosure_threshold: paisaToDecimal(DEFAULT_DONATION_LIMITS.disclosureThresholdPaisa),
      notes: `Default limits (${DEFAULT_DONATION_LIMITS.fiscalYear}) seeded at provisioning; review against the Election Commission's current figures.`,
    }))

    await this.client.table('donation_limits').multiInsert(rows).onConflict('fiscal_year').ignore()
  }
}
