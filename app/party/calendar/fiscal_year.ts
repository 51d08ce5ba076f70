/**
 * Nepal's fiscal year (आर्थिक वर्ष) runs from Shrawan 1 to the last day of Asar
 * of the next BS year. It is named by its two BS years: the year that starts
 * on Shrawan 1 of BS 2083 is "2083/84".
 */

import {
  adToBs,
  assertValidBsDate,
  bsMonthLength,
  bsToAd,
  type AdDate,
  type BsDate,
} from '#party/calendar/bikram_sambat'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'

/** Month number of Shrawan, the first month of the fiscal year. */
export const FISCAL_YEAR_START_MONTH = 4
/** Month number of Asar, the last month of the fiscal year. */
export const FISCAL_YEAR_END_MONTH = 3

export interface FiscalYear {
  /** `YYYY/YY`, e.g. `2083/84`; `2099/00` for the year starting in BS 2099. */
  readonly label: string
  /** BS year in which the fiscal year starts (Shrawan 1). */
  readonly startYear: number
  /** Shrawan 1 of `startYear`. */
  readonly start: BsDate
  /** Last day of Asar of `startYear + 1`. */
  readonly end: BsDate
  /** AD date of `start`. */
  readonly startAd: AdDate
  /** AD date of `end`. */
  readonly endAd: AdDate
}

/**
 * The label of the fiscal year starting in BS year `startYear`:
 * `fiscalYearLabel(2083)` → `2083/84`, `fiscalYearLabel(2099)` → `2099/00`.
 * Pure string work: no calendar table needed.
 *
 * @throws RangeError unless `startYear` is an integer from 1000 to 9999.
 */
export function fiscalYearLabel(startYear: number): string {
  if (!Number.isInteger(startYear) || startYear < 1000 || startYear > 9999) {
    throw new RangeError(`Fiscal year start must be a four-digit BS year, got ${startYear}`)
  }
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`
}

const LABEL_PATTERN = /^(\d{4})\/(\d{2})$/

/**
 * Validates a `YYYY/YY` label (ASCII or Devanagari digits, surrounding spaces
 * ignored) and returns the BS start year. The second part must be the start
 * year + 1 modulo 100: `2081/82` and `2099/00` are valid, `2081/83` is not.
 *
 * @throws RangeError for a malformed or inconsistent label.
 */
export function fiscalYearStartFromLabel(label: string): number {
  const normalized = fromDevanagariDigits(label.trim())
  const match = LABEL_PATTERN.exec(normalized)
  if (!match) {
    throw new RangeError(`Invalid fiscal year label "${label}": expected YYYY/YY, e.g. 2083/84`)
  }
  const startYear = Number(match[1])
  const expected = (startYear + 1) % 100
  if (Number(match[2]) !== expected) {
    throw new RangeError(
      `Invalid fiscal year label "${label}": the year after ${startYear} ends in ${String(expected).padStart(2, '0')}`
    )
  }
  return startYear
}

/** Whether `label` is a well-formed `YYYY/YY` fiscal year label. */
export function isFiscalYearLabel(label: string): boolean {
  try {
    fiscalYearStartFromLabel(label)
    return true
  } catch {
    return false
  }
}

/**
 * The fiscal year that starts on Shrawan 1 of BS `startYear`.
 *
 * @throws RangeError when Shrawan 1 of `startYear` or the end of Asar of
 *   `startYear + 1` is outside the calendar table.
 */
export function fiscalYearStartingIn(startYear: number): FiscalYear {
  const label = fiscalYearLabel(startYear)
  const start: BsDate = { year: startYear, month: FISCAL_YEAR_START_MONTH, day: 1 }
  const end: BsDate = {
    year: startYear + 1,
    month: FISCAL_YEAR_END_MONTH,
    day: bsMonthLength(startYear + 1, FISCAL_YEAR_END_MONTH),
  }
  return Object.freeze({
    label,
    startYear,
    start,
    end,
    startAd: bsToAd(start),
    endAd: bsToAd(end),
  })
}

/** The fiscal year containing a BS date. @throws RangeError outside the table. */
export function fiscalYearForBs(bs: BsDate): FiscalYear {
  assertValidBsDate(bs)
  return fiscalYearStartingIn(bs.month >= FISCAL_YEAR_START_MONTH ? bs.year : bs.year - 1)
}

/**
 * The fiscal year containing an AD date (a `Date` is read through its UTC
 * fields, as in {@link adToBs}). AD 2026-11-28 → `2083/84`.
 *
 * @throws RangeError for an invalid date or one whose fiscal year is not
 *   fully covered by the calendar table.
 */
export function fiscalYearFor(adDate: Date | AdDate): FiscalYear {
  return fiscalYearForBs(adToBs(adDate))
}

/**
 * Parses a `YYYY/YY` label (see {@link fiscalYearStartFromLabel}) into the
 * fiscal year with its BS and AD start and end dates.
 *
 * @throws RangeError for a malformed label or a year outside the table.
 */
export function parseFiscalYearLabel(label: string): FiscalYear {
  return fiscalYearStartingIn(fiscalYearStartFromLabel(label))
}
