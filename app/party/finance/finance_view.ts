import { Exception } from '@adonisjs/core/exceptions'
import { formatBsDate, formatPaisa, toDevanagariDigits } from '#party/calendar/nepali_format'
import { paisaToDecimal } from '#party/donations/donation_amount'

/**
 * Formatting helpers of the finance pages: paisa as rupees with lakh
 * grouping (Devanagari digits in Nepali), BS dates from `YYYY-MM-DD` text.
 */
export function financeViewHelpers(locale: string) {
  const loc = locale === 'ne' ? 'ne' : 'en'
  return {
    /** `Rs 1,00,000.50` / `रू १,००,०००.५०`; paisa only when present. */
    money(paisa: number | string) {
      return formatPaisa(Number(paisa), loc)
    },
    /** Rupees without the symbol, always with paisa (report tables). */
    amount(paisa: number | string) {
      return formatPaisa(Number(paisa), loc, { symbol: false, fractionDigits: 2 })
    },
    /** A BS `YYYY-MM-DD` as `12 Mangsir 2083` / `२०८३ मंसिर १२`. */
    bsDate(value: unknown) {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? ''))
      if (!match) return ''
      try {
        return formatBsDate(
          { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) },
          loc
        )
      } catch {
        return String(value)
      }
    },
    /** A fiscal year label in the reader's digits. */
    fy(label: string) {
      return loc === 'ne' ? toDevanagariDigits(label) : label
    },
    /** Paisa as the rupees a form field shows (`25000.50`, `25000`). */
    rupeesInput(paisa: number) {
      return paisaToDecimal(paisa).replace(/\.00$/, '')
    },
  }
}

/** A 404 for a record that is not in this party (the error page explains). */
export function notFound(): never {
  throw new Exception('Not found', { status: 404, code: 'E_NOT_FOUND' })
}
