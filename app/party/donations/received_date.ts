/**
 * When a donation was received, given as a BS or AD calendar date or as an
 * instant, resolved to the calendar day in Nepal and its fiscal year.
 */

import {
  adToBs,
  BS_MAX_YEAR,
  BS_MIN_YEAR,
  bsToAd,
  formatIsoLike,
  isValidBsDate,
  nepalCalendarDate,
  type AdDate,
  type BsDate,
} from '#party/calendar/bikram_sambat'
import { fiscalYearForBs } from '#party/calendar/fiscal_year'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'

/** A calendar date typed by a person (`YYYY-MM-DD`, BS may use ०–९), or an instant. */
export type ReceivedInput = { calendar: 'bs' | 'ad'; date: string } | { at: Date }

export type ReceivedDateProblem = 'invalid_date' | 'date_out_of_range' | 'date_in_future'

export interface ReceivedDate {
  readonly ad: AdDate
  readonly bs: BsDate
  /** `YYYY-MM-DD` (AD), for the `received_on` date column. */
  readonly adIso: string
  /** `YYYY-MM-DD` (BS), for `received_on_bs`. */
  readonly bsIso: string
  readonly fiscalYear: string
}

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/

function parseIso(text: string): { year: number; month: number; day: number } | null {
  const match = ISO_DATE.exec(fromDevanagariDigits(text.trim()))
  return match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null
}

function isRealAdDate(date: AdDate): boolean {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day))
  return (
    utc.getUTCFullYear() === date.year &&
    utc.getUTCMonth() === date.month - 1 &&
    utc.getUTCDate() === date.day
  )
}

/**
 * Resolves when a donation was received. An instant is read in Nepal time
 * (UTC+05:45): 18:45 UTC on the last day of Asar is already Shrawan 1, the
 * first day of the next fiscal year. A day after `now` (in Nepal) is refused.
 */
export function resolveReceivedDate(
  input: ReceivedInput,
  now: Date = new Date()
): { ok: true; value: ReceivedDate } | { ok: false; problem: ReceivedDateProblem } {
  let ad: AdDate
  let bs: BsDate
  try {
    if ('at' in input) {
      if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime())) {
        return { ok: false, problem: 'invalid_date' }
      }
      ad = nepalCalendarDate(input.at)
      bs = adToBs(ad)
    } else {
      const parsed = parseIso(input.date)
      if (!parsed) return { ok: false, problem: 'invalid_date' }
      if (input.calendar === 'bs') {
        if (parsed.year < BS_MIN_YEAR || parsed.year > BS_MAX_YEAR) {
          return { ok: false, problem: 'date_out_of_range' }
        }
        if (!isValidBsDate(parsed)) return { ok: false, problem: 'invalid_date' }
        bs = parsed
        ad = bsToAd(bs)
      } else {
        if (!isRealAdDate(parsed)) return { ok: false, problem: 'invalid_date' }
        ad = parsed
        bs = adToBs(ad)
      }
    }
  } catch {
    return { ok: false, problem: 'date_out_of_range' }
  }

  const today = nepalCalendarDate(now)
  if (formatIsoLike(ad) > formatIsoLike(today)) return { ok: false, problem: 'date_in_future' }

  let fiscalYear: string
  try {
    fiscalYear = fiscalYearForBs(bs).label
  } catch {
    return { ok: false, problem: 'date_out_of_range' }
  }
  return {
    ok: true,
    value: { ad, bs, adIso: formatIsoLike(ad), bsIso: formatIsoLike(bs), fiscalYear },
  }
}
