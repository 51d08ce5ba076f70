import { adToBs } from '#party/calendar/bikram_sambat'
import {
  formatBsDate,
  formatNpr,
  formatPaisa,
  toDevanagariDigits,
} from '#party/calendar/nepali_format'

type Locale = 'en' | 'ne'

/**
 * Formatting helpers the staff pages share: whole numbers with lakh
 * grouping (Devanagari digits in Nepali), plain digits (ids, wards) in the
 * reader's script, and dates in BS with AD beside them.
 */
export function portalViewHelpers(locale: string) {
  const loc: Locale = locale === 'ne' ? 'ne' : 'en'
  return {
    formatCount(value: number | string) {
      return formatNpr(Number(value), loc, { symbol: false, fractionDigits: 0 })
    },
    /** An amount held in paisa: `Rs 25,000.50` / `रू २५,०००.५०`. */
    formatMoney(paisa: number) {
      return formatPaisa(paisa, loc)
    },
    /** A query string from the set values of an object (for links that keep filters). */
    qs(values: Record<string, unknown>) {
      const params = new URLSearchParams()
      for (const [key, value] of Object.entries(values)) {
        if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
      }
      return params.toString()
    },
    formatDigits(value: number | string | null | undefined) {
      if (value === null || value === undefined) return ''
      return loc === 'ne' ? toDevanagariDigits(String(value)) : String(value)
    },
    /**
     * `12 Mangsir 2082 (2025-11-28)`: BS first, AD beside it (AD alone
     * outside the BS table's years). Takes a Luxon date or `YYYY-MM-DD`.
     */
    formatDate(value: { toISODate(): string | null } | string | null | undefined) {
      const ad = (typeof value === 'string' ? value : value?.toISODate())?.slice(0, 10)
      if (!ad || !/^\d{4}-\d{2}-\d{2}$/.test(ad)) return ''
      const adText = loc === 'ne' ? toDevanagariDigits(ad) : ad
      try {
        return `${formatBsDate(adToBs(new Date(`${ad}T00:00:00Z`)), loc)} (${adText})`
      } catch {
        return adText
      }
    },
  }
}
