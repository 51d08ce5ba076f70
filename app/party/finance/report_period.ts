/**
 * The period a financial report covers: a whole fiscal year (`annual`) or
 * one of its quarters. Q1 = Shrawan–Ashwin, Q2 = Kartik–Poush,
 * Q3 = Magh–Chaitra, Q4 = Baisakh–Asar (of the next BS year).
 */

import { bsMonthLength, bsToAd, formatIsoLike, type BsDate } from '#party/calendar/bikram_sambat'
import { fiscalYearLabel, fiscalYearStartFromLabel } from '#party/calendar/fiscal_year'

export const REPORT_PERIODS = ['annual', 'Q1', 'Q2', 'Q3', 'Q4'] as const
export type ReportPeriod = (typeof REPORT_PERIODS)[number]

export interface ResolvedPeriod {
  readonly fiscalYear: string
  readonly period: ReportPeriod
  readonly reportType: 'annual' | 'quarterly'
  readonly startBs: BsDate
  readonly endBs: BsDate
  /** `YYYY-MM-DD` AD, first day of the period. */
  readonly startAd: string
  /** `YYYY-MM-DD` AD, last day of the period. */
  readonly endAd: string
}

/** First month (BS month number) of each quarter, and whether it falls in the next BS year. */
const QUARTER_START: Record<
  Exclude<ReportPeriod, 'annual'>,
  { month: number; nextYear: boolean }
> = {
  Q1: { month: 4, nextYear: false },
  Q2: { month: 7, nextYear: false },
  Q3: { month: 10, nextYear: false },
  Q4: { month: 1, nextYear: true },
}

export function isReportPeriod(value: unknown): value is ReportPeriod {
  return typeof value === 'string' && (REPORT_PERIODS as readonly string[]).includes(value)
}

/**
 * The BS and AD first and last days of a fiscal year (`2083/84`) or one of
 * its quarters.
 *
 * @throws RangeError for a malformed label or a year outside the calendar table.
 */
export function resolvePeriod(fiscalYear: string, period: ReportPeriod): ResolvedPeriod {
  const startYear = fiscalYearStartFromLabel(fiscalYear)
  let startBs: BsDate
  let endBs: BsDate
  if (period === 'annual') {
    startBs = { year: startYear, month: 4, day: 1 }
    endBs = { year: startYear + 1, month: 3, day: bsMonthLength(startYear + 1, 3) }
  } else {
    const { month, nextYear } = QUARTER_START[period]
    const year = nextYear ? startYear + 1 : startYear
    startBs = { year, month, day: 1 }
    endBs = { year, month: month + 2, day: bsMonthLength(year, month + 2) }
  }
  return Object.freeze({
    fiscalYear: fiscalYearLabel(startYear),
    period,
    reportType: period === 'annual' ? 'annual' : 'quarterly',
    startBs,
    endBs,
    startAd: formatIsoLike(bsToAd(startBs)),
    endAd: formatIsoLike(bsToAd(endBs)),
  })
}

/**
 * The period just before: the previous quarter (Q1's is Q4 of the previous
 * fiscal year) or the previous fiscal year.
 */
export function previousPeriod(fiscalYear: string, period: ReportPeriod) {
  const startYear = fiscalYearStartFromLabel(fiscalYear)
  if (period === 'annual') return { fiscalYear: fiscalYearLabel(startYear - 1), period }
  if (period === 'Q1') return { fiscalYear: fiscalYearLabel(startYear - 1), period: 'Q4' as const }
  const index = REPORT_PERIODS.indexOf(period)
  return { fiscalYear, period: REPORT_PERIODS[index - 1] }
}
