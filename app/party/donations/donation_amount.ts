/**
 * Reading a rupee amount typed by a person (or sent by a client) into integer
 * paisa, refusing everything that is not plainly an amount of money.
 *
 * Decisions (see docs/domain.md):
 * - Devanagari digits ०–९ are accepted and converted (`२५,०००` = Rs 25,000);
 *   any other non-ASCII digit (Bengali, Arabic-Indic, full-width …) is refused
 *   with `amount_digits`, never guessed.
 * - Commas are accepted only as thousands separators in Nepali/Indian
 *   (`1,00,000`) or international (`100,000`) grouping; `1,5` is refused.
 * - At most 2 decimals (paisa); NaN, Infinity, zero, negative and exponent
 *   notation are refused; so is anything above {@link MAX_DONATION_PAISA}.
 * - A JavaScript number is read through its shortest decimal form, so a float
 *   error such as 0.1 + 0.2 (0.30000000000000004) is refused, not rounded.
 */

import { fromDevanagariDigits } from '#party/calendar/nepali_format'

/** Rs 100 crore: far above any real donation, far below numeric(14,2) and 2^53 paisa. */
export const MAX_DONATION_PAISA = 1_000_000_000 * 100

export const AMOUNT_PROBLEMS = [
  'amount_required',
  'amount_digits',
  'amount_format',
  'amount_precision',
  'amount_not_positive',
  'amount_too_large',
] as const
export type AmountProblem = (typeof AMOUNT_PROBLEMS)[number]

export type ParsedAmount = { ok: true; paisa: number } | { ok: false; problem: AmountProblem }

const LAKH_GROUPED = /^[0-9]{1,2}(?:,[0-9]{2})*,[0-9]{3}$/
const THOUSANDS_GROUPED = /^[0-9]{1,3}(?:,[0-9]{3})+$/
const PLAIN = /^[0-9]+$/
const NUMBER = /^(-?)([0-9][0-9,]*)(?:\.([0-9]+))?$/

/**
 * Parses rupees (`"25000"`, `"25,000.50"`, `"२५०००"`, `25000.5`) into paisa.
 */
export function parseRupeesToPaisa(input: unknown): ParsedAmount {
  let text: string
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, problem: 'amount_format' }
    text = String(input)
  } else if (typeof input === 'string') {
    text = input
  } else {
    return { ok: false, problem: 'amount_required' }
  }

  text = fromDevanagariDigits(text.trim())
  if (text === '') return { ok: false, problem: 'amount_required' }
  if (/\p{Nd}/u.test(text.replace(/[0-9]/g, ''))) return { ok: false, problem: 'amount_digits' }

  const match = NUMBER.exec(text)
  if (!match) return { ok: false, problem: 'amount_format' }
  const [, minus, whole, decimals = ''] = match
  if (!PLAIN.test(whole) && !LAKH_GROUPED.test(whole) && !THOUSANDS_GROUPED.test(whole)) {
    return { ok: false, problem: 'amount_format' }
  }
  if (decimals.length > 2) return { ok: false, problem: 'amount_precision' }

  const digits = whole.replaceAll(',', '').replace(/^0+(?=[0-9])/, '')
  // Compare as strings first: a 30-digit amount must not round into range.
  if (digits.length > String(MAX_DONATION_PAISA / 100).length) {
    return { ok: false, problem: minus ? 'amount_not_positive' : 'amount_too_large' }
  }
  const paisa = Number(digits) * 100 + Number(decimals.padEnd(2, '0'))
  if (minus || paisa === 0) return { ok: false, problem: 'amount_not_positive' }
  if (paisa > MAX_DONATION_PAISA) return { ok: false, problem: 'amount_too_large' }
  return { ok: true, paisa }
}

/** Paisa to the text of a numeric(…, 2) column: 2500050 → `'25000.50'`. */
export function paisaToDecimal(paisa: number): string {
  if (!Number.isSafeInteger(paisa)) throw new RangeError(`Not a whole number of paisa: ${paisa}`)
  const sign = paisa < 0 ? '-' : ''
  const abs = Math.abs(paisa)
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * A numeric(…, 2) value as PostgreSQL returns it (`'25000.50'`) to paisa.
 * @throws RangeError for NaN, Infinity or more than 2 decimals: a corrupt row.
 */
export function decimalToPaisa(value: string | number): number {
  const match = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(String(value).trim())
  if (!match) throw new RangeError(`Not an amount in rupees: ${value}`)
  const paisa = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'))
  if (!Number.isSafeInteger(paisa)) throw new RangeError(`Amount out of range: ${value}`)
  return match[1] ? -paisa : paisa
}
