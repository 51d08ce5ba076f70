import {
  bsMonthLength,
  bsToAd,
  nepalCalendarDate,
  type AdDate,
  type BsDate,
} from '#party/calendar/bikram_sambat'
import { fiscalYearFor, fiscalYearStartingIn, type FiscalYear } from '#party/calendar/fiscal_year'
import tenancy from '#tenancy/services/tenancy'
import { decimalToPaisa } from '#party/donations/donation_amount'
import { formatBsDate } from '#party/calendar/nepali_format'

/** Poush, the sixth month after Asar: the audit of a fiscal year is due by its end (s.41). */
const AUDIT_DUE_MONTH = 9
/** Magh: the audited accounts reach the Election Commission one month later. */
const SUBMISSION_DUE_MONTH = 10

export interface AuditDeadlines {
  /** The fiscal year whose accounts are due (the last one that has ended). */
  fiscalYear: FiscalYear
  auditBy: BsDate
  submitBy: BsDate
  /** Days from today (Nepal) to each deadline; negative once it has passed. */
  auditDaysLeft: number
  submitDaysLeft: number
}

const dayNumber = (date: AdDate) => Date.UTC(date.year, date.month - 1, date.day) / 86_400_000

function lastDayOf(year: number, month: number): BsDate {
  return { year, month, day: bsMonthLength(year, month) }
}

/**
 * Political Parties Act 2073 s.41: a party has its accounts of a fiscal year
 * audited within six months of the year's end (by the last day of Poush) and
 * submits them to the Election Commission within one more month (by the last
 * day of Magh). Computed with the BS calendar, today taken in Nepal time.
 */
export function auditDeadlines(now: Date = new Date()): AuditDeadlines {
  const today = nepalCalendarDate(now)
  const current = fiscalYearFor(today)
  const fiscalYear = fiscalYearStartingIn(current.startYear - 1)
  const auditBy = lastDayOf(current.startYear, AUDIT_DUE_MONTH)
  const submitBy = lastDayOf(current.startYear, SUBMISSION_DUE_MONTH)
  return {
    fiscalYear,
    auditBy,
    submitBy,
    auditDaysLeft: dayNumber(bsToAd(auditBy)) - dayNumber(today),
    submitDaysLeft: dayNumber(bsToAd(submitBy)) - dayNumber(today),
  }
}

/**
 * The figures of the staff dashboard's compliance card for the current
 * fiscal year: donations (count, total), split-cash flags, unverified ones.
 */
export async function donationComplianceCard(locale: string, now: Date = new Date()) {
  const fiscalYear = fiscalYearFor(nepalCalendarDate(now)).label
  const deadlines = auditDeadlines(now)
  const client = tenancy.db()
  const row = await client
    .from('donations')
    .where('fiscal_year', fiscalYear)
    .select(
      client.raw('count(*)::int as count'),
      client.raw('coalesce(sum(amount), 0)::text as amount'),
      client.raw('count(*) filter (where split_suspected)::int as flagged'),
      client.raw('count(*) filter (where verified_at is null)::int as unverified')
    )
    .first()
  return {
    fiscalYear,
    count: Number(row?.count ?? 0),
    totalPaisa: decimalToPaisa(row?.amount ?? '0'),
    flagged: Number(row?.flagged ?? 0),
    unverified: Number(row?.unverified ?? 0),
    deadlines,
    auditByText: formatBsDate(deadlines.auditBy, locale === 'ne' ? 'ne' : 'en'),
    submitByText: formatBsDate(deadlines.submitBy, locale === 'ne' ? 'ne' : 'en'),
  }
}
