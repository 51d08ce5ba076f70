/**
 * Display helpers for Nepali users: Devanagari digits, rupee amounts with
 * lakh/crore grouping (1,00,000 / १,००,०००) and BS dates.
 */

import {
  assertValidBsDate,
  BS_MONTH_NAMES_EN,
  BS_MONTH_NAMES_NE,
  type BsDate,
} from '#party/calendar/bikram_sambat'

export type DisplayLocale = 'en' | 'ne'

const DEVANAGARI_ZERO = 0x0966

/** Replaces ASCII digits 0–9 with Devanagari digits ०–९; other characters are kept. */
export function toDevanagariDigits(value: string | number | bigint): string {
  return String(value).replace(/[0-9]/g, (digit) =>
    String.fromCharCode(DEVANAGARI_ZERO + digit.charCodeAt(0) - 48)
  )
}

/** Replaces Devanagari digits ०–९ with ASCII digits 0–9; other characters are kept. */
export function fromDevanagariDigits(text: string): string {
  return text.replace(/[\u0966-\u096F]/g, (digit) =>
    String.fromCharCode(48 + digit.charCodeAt(0) - DEVANAGARI_ZERO)
  )
}

/**
 * Groups the digits of a non-negative integer string the South Asian way: the
 * last three digits, then pairs (12,34,56,789).
 */
export function groupLakh(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError(`Expected digits only, got "${digits}"`)
  if (digits.length <= 3) return digits
  const head = digits.slice(0, -3)
  const tail = digits.slice(-3)
  return `${head.replace(/\B(?=(\d{2})+$)/g, ',')},${tail}`
}

/**
 * Node's ICU data (full-icu, default since Node 13) gives `en-IN` lakh grouping.
 * A runtime built with reduced ICU falls back to thousands grouping; in that
 * case the digits are grouped by {@link groupLakh} instead.
 */
const INTL_HAS_LAKH_GROUPING = new Intl.NumberFormat('en-IN').format(100000) === '1,00,000'

const LAKH_FORMATTERS = new Map<number, Intl.NumberFormat>(
  [0, 2].map((digits) => [
    digits,
    new Intl.NumberFormat('en-IN', {
      numberingSystem: 'latn',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: true,
    }),
  ])
)

function formatLatinDecimal(value: number, fractionDigits: 0 | 2): string {
  const formatter = LAKH_FORMATTERS.get(fractionDigits)
  if (INTL_HAS_LAKH_GROUPING && formatter) return formatter.format(value)
  const [whole, fraction] = value.toFixed(fractionDigits).split('.')
  return fraction === undefined ? groupLakh(whole) : `${groupLakh(whole)}.${fraction}`
}

export interface FormatNprOptions {
  /**
   * Decimal places: `'auto'` (default) shows paisa only when the amount has a
   * fractional part, `0` rounds to whole rupees, `2` always shows paisa.
   */
  fractionDigits?: 'auto' | 0 | 2
  /** Prefix the rupee symbol (`Rs` / `रू`). Default true. */
  symbol?: boolean
}

/**
 * Formats an amount in rupees: `formatNpr(100000, 'en')` → `Rs 1,00,000`,
 * `formatNpr(100000, 'ne')` → `रू १,००,०००`, `formatNpr(25000.5, 'en')` →
 * `Rs 25,000.50`. Negative amounts get a leading minus (`-Rs 2,500`). The
 * symbol is separated by a plain space.
 *
 * Digits are grouped with Intl (`en-IN`, which matches `ne-NP` grouping) and
 * converted to Devanagari for `ne`, so the output does not depend on which
 * locales the runtime's ICU data contains.
 *
 * @throws RangeError for NaN or infinite amounts.
 */
export function formatNpr(
  amount: number,
  locale: DisplayLocale,
  options: FormatNprOptions = {}
): string {
  if (!Number.isFinite(amount)) throw new RangeError(`Cannot format amount ${amount}`)
  const mode = options.fractionDigits ?? 'auto'
  const rounded = Math.round(Math.abs(amount) * 100) / 100
  const fractionDigits = mode === 'auto' ? (Number.isInteger(rounded) ? 0 : 2) : mode
  const digits = formatLatinDecimal(rounded, fractionDigits)
  const isNegative = amount < 0 && Number(digits.replace(/,/g, '')) !== 0
  const number = locale === 'ne' ? toDevanagariDigits(digits) : digits
  const symbol = options.symbol === false ? '' : locale === 'ne' ? 'रू ' : 'Rs '
  return `${isNegative ? '-' : ''}${symbol}${number}`
}

/** Formats an amount held in paisa (1 rupee = 100 paisa); see {@link formatNpr}. */
export function formatPaisa(
  paisa: number,
  locale: DisplayLocale,
  options: FormatNprOptions = {}
): string {
  if (!Number.isSafeInteger(paisa))
    throw new RangeError(`Paisa must be a safe integer, got ${paisa}`)
  return formatNpr(paisa / 100, locale, options)
}

export type BsDateStyle = 'long' | 'iso'

/**
 * Formats a BS date.
 * - `long` (default): `12 Mangsir 2083` (en) / `२०८३ मंसिर १२` (ne)
 * - `iso`: `2083-08-12` (en) / `२०८३-०८-१२` (ne)
 *
 * @throws RangeError for an invalid BS date.
 */
export function formatBsDate(
  bs: BsDate,
  locale: DisplayLocale,
  style: BsDateStyle = 'long'
): string {
  assertValidBsDate(bs)
  if (style === 'iso') {
    const iso = `${bs.year}-${String(bs.month).padStart(2, '0')}-${String(bs.day).padStart(2, '0')}`
    return locale === 'ne' ? toDevanagariDigits(iso) : iso
  }
  if (locale === 'ne') {
    return `${toDevanagariDigits(bs.year)} ${BS_MONTH_NAMES_NE[bs.month - 1]} ${toDevanagariDigits(bs.day)}`
  }
  return `${bs.day} ${BS_MONTH_NAMES_EN[bs.month - 1]} ${bs.year}`
}
