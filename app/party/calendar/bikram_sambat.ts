/**
 * Bikram Sambat (BS), Nepal's official calendar, and conversion to and from
 * the Gregorian calendar (AD).
 *
 * BS months are solar months whose lengths (29–32 days) are fixed each year by
 * the almanac committee, so conversion needs a table of month lengths. The
 * table below covers BS 2000-01-01 (AD 1943-04-14) to the end of BS 2090
 * (AD 2034-04-13). Sources, cross-checks and the years where published
 * converters disagree are listed in docs/domain.md.
 *
 * All AD values are calendar dates (year, month 1–12, day); a JavaScript
 * `Date` is read through its UTC fields, never the process time zone. Use
 * {@link nepalCalendarDate} to get "today in Nepal" from an instant.
 */

/** A Bikram Sambat date; `month` is 1 (Baisakh) … 12 (Chaitra). */
export interface BsDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** A Gregorian calendar date; `month` is 1 (January) … 12 (December). */
export interface AdDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** First BS year of the table. */
export const BS_MIN_YEAR = 2000
/** Last BS year of the table. */
export const BS_MAX_YEAR = 2090
/**
 * From this BS year on, the month lengths are projections on which published
 * converters disagree (see docs/domain.md); they may change when the official
 * almanac for that year is published.
 */
export const BS_PROVISIONAL_FROM_YEAR = 2084

/** English month names, Baisakh … Chaitra (index 0 = month 1). */
export const BS_MONTH_NAMES_EN = [
  'Baisakh',
  'Jestha',
  'Asar',
  'Shrawan',
  'Bhadra',
  'Ashwin',
  'Kartik',
  'Mangsir',
  'Poush',
  'Magh',
  'Falgun',
  'Chaitra',
] as const

/** Nepali month names, बैशाख … चैत्र (index 0 = month 1). */
export const BS_MONTH_NAMES_NE = [
  'बैशाख',
  'जेठ',
  'असार',
  'श्रावण',
  'भदौ',
  'असोज',
  'कार्तिक',
  'मंसिर',
  'पौष',
  'माघ',
  'फाल्गुन',
  'चैत्र',
] as const

/**
 * Days in each month, Baisakh … Chaitra, one row per BS year from
 * {@link BS_MIN_YEAR}. Row sums are 365 or 366.
 */
// prettier-ignore
const MONTH_LENGTHS: readonly (readonly number[])[] = [
  [30, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2000
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2001
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2002
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2003
  [30, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2004
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2005
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2006
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2007
  [31, 31, 31, 32, 31, 31, 29, 30, 30, 29, 29, 31], // 2008
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2009
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2010
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2011
  [31, 31, 31, 32, 31, 31, 29, 30, 30, 29, 30, 30], // 2012
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2013
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2014
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2015
  [31, 31, 31, 32, 31, 31, 29, 30, 30, 29, 30, 30], // 2016
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2017
  [31, 32, 31, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2018
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2019
  [31, 31, 31, 32, 31, 31, 30, 29, 30, 29, 30, 30], // 2020
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2021
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 30], // 2022
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2023
  [31, 31, 31, 32, 31, 31, 30, 29, 30, 29, 30, 30], // 2024
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2025
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2026
  [30, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2027
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2028
  [31, 31, 32, 31, 32, 30, 30, 29, 30, 29, 30, 30], // 2029
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2030
  [30, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2031
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2032
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2033
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2034
  [30, 32, 31, 32, 31, 31, 29, 30, 30, 29, 29, 31], // 2035
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2036
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2037
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2038
  [31, 31, 31, 32, 31, 31, 29, 30, 30, 29, 30, 30], // 2039
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2040
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2041
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2042
  [31, 31, 31, 32, 31, 31, 29, 30, 30, 29, 30, 30], // 2043
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2044
  [31, 32, 31, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2045
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2046
  [31, 31, 31, 32, 31, 31, 30, 29, 30, 29, 30, 30], // 2047
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2048
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 30], // 2049
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2050
  [31, 31, 31, 32, 31, 31, 30, 29, 30, 29, 30, 30], // 2051
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2052
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 30], // 2053
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2054
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2055
  [31, 31, 32, 31, 32, 30, 30, 29, 30, 29, 30, 30], // 2056
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2057
  [30, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2058
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2059
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2060
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2061
  [30, 32, 31, 32, 31, 31, 29, 30, 29, 30, 29, 31], // 2062
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2063
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2064
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2065
  [31, 31, 31, 32, 31, 31, 29, 30, 30, 29, 29, 31], // 2066
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2067
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2068
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2069
  [31, 31, 31, 32, 31, 31, 29, 30, 30, 29, 30, 30], // 2070
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2071
  [31, 32, 31, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2072
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2073
  [31, 31, 31, 32, 31, 31, 30, 29, 30, 29, 30, 30], // 2074
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2075
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 30], // 2076
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2077
  [31, 31, 31, 32, 31, 31, 30, 29, 30, 29, 30, 30], // 2078
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2079
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 30], // 2080
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2081
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2082
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2083
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2084
  [30, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2085
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2086
  [31, 31, 32, 32, 31, 30, 30, 29, 30, 29, 30, 30], // 2087
  [31, 32, 31, 32, 31, 30, 30, 30, 29, 29, 30, 31], // 2088
  [30, 32, 31, 32, 31, 30, 30, 30, 29, 30, 29, 31], // 2089
  [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30], // 2090
]

if (MONTH_LENGTHS.length !== BS_MAX_YEAR - BS_MIN_YEAR + 1) {
  throw new Error('Bikram Sambat month table does not match BS_MIN_YEAR…BS_MAX_YEAR')
}

const MS_PER_DAY = 86_400_000

/** AD date of BS 2000-01-01, the table's anchor. */
const EPOCH_AD: AdDate = { year: 1943, month: 4, day: 14 }
const EPOCH_DAY = Date.UTC(EPOCH_AD.year, EPOCH_AD.month - 1, EPOCH_AD.day) / MS_PER_DAY

/** YEAR_START_OFFSET[i] = days from the epoch to Baisakh 1 of BS_MIN_YEAR + i. */
const YEAR_START_OFFSET: readonly number[] = (() => {
  const offsets = [0]
  for (const row of MONTH_LENGTHS) {
    offsets.push(offsets[offsets.length - 1] + row.reduce((sum, days) => sum + days, 0))
  }
  return offsets
})()

const TOTAL_DAYS = YEAR_START_OFFSET[YEAR_START_OFFSET.length - 1]

function dayNumberToAd(dayNumber: number): AdDate {
  const date = new Date(dayNumber * MS_PER_DAY)
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }
}

/** First AD date the converter supports (BS 2000-01-01). */
export const AD_MIN_DATE: AdDate = Object.freeze({ ...EPOCH_AD })
/** Last AD date the converter supports (last day of Chaitra, BS 2090). */
export const AD_MAX_DATE: AdDate = Object.freeze(dayNumberToAd(EPOCH_DAY + TOTAL_DAYS - 1))

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

/** Formats a date as `YYYY-MM-DD` (works for BS and AD dates). */
export function formatIsoLike(date: { year: number; month: number; day: number }): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`
}

function assertBsYear(year: number): void {
  if (!Number.isInteger(year)) {
    throw new RangeError(`BS year must be an integer, got ${year}`)
  }
  if (year < BS_MIN_YEAR || year > BS_MAX_YEAR) {
    throw new RangeError(
      `BS year ${year} is outside the supported range ${BS_MIN_YEAR}–${BS_MAX_YEAR}`
    )
  }
}

function assertMonth(month: number, calendar: 'BS' | 'AD'): void {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`${calendar} month must be an integer from 1 to 12, got ${month}`)
  }
}

/**
 * Number of days (29–32) in a BS month.
 *
 * @throws RangeError when the year is outside BS_MIN_YEAR…BS_MAX_YEAR or the
 *   month is not 1–12.
 */
export function bsMonthLength(year: number, month: number): number {
  assertBsYear(year)
  assertMonth(month, 'BS')
  return MONTH_LENGTHS[year - BS_MIN_YEAR][month - 1]
}

/** Number of days (365 or 366) in a BS year. @throws RangeError outside the table. */
export function bsYearLength(year: number): number {
  assertBsYear(year)
  return YEAR_START_OFFSET[year - BS_MIN_YEAR + 1] - YEAR_START_OFFSET[year - BS_MIN_YEAR]
}

/**
 * Throws a RangeError with a clear message unless `bs` is a real BS date inside
 * the supported range.
 */
export function assertValidBsDate(bs: BsDate): void {
  assertBsYear(bs.year)
  assertMonth(bs.month, 'BS')
  const length = MONTH_LENGTHS[bs.year - BS_MIN_YEAR][bs.month - 1]
  if (!Number.isInteger(bs.day) || bs.day < 1 || bs.day > length) {
    throw new RangeError(
      `Invalid BS date ${formatIsoLike(bs)}: ${BS_MONTH_NAMES_EN[bs.month - 1]} ${bs.year} has ${length} days`
    )
  }
}

/** Whether `bs` is a real BS date inside the supported range. */
export function isValidBsDate(bs: BsDate): boolean {
  try {
    assertValidBsDate(bs)
    return true
  } catch {
    return false
  }
}

function adDayNumber(ad: AdDate): number {
  if (!Number.isInteger(ad.year)) throw new RangeError(`AD year must be an integer, got ${ad.year}`)
  assertMonth(ad.month, 'AD')
  if (!Number.isInteger(ad.day) || ad.day < 1) {
    throw new RangeError(`Invalid AD date ${formatIsoLike(ad)}`)
  }
  const utc = new Date(0)
  utc.setUTCFullYear(ad.year, ad.month - 1, ad.day)
  if (utc.getUTCMonth() !== ad.month - 1) {
    throw new RangeError(`Invalid AD date ${formatIsoLike(ad)}`)
  }
  return Math.floor(utc.getTime() / MS_PER_DAY)
}

/** Reads a `Date` (UTC fields) or an AD date object into an {@link AdDate}. */
function toAdDate(date: Date | AdDate): AdDate {
  if (date instanceof Date) {
    if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date')
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }
  }
  return date
}

/**
 * Converts a Gregorian date to Bikram Sambat.
 *
 * A `Date` is read through its UTC fields (`getUTCFullYear`, …), so
 * `new Date('2026-04-14')` is always BS 2083-01-01 whatever the server time
 * zone. To convert "now as seen in Nepal", pass {@link nepalCalendarDate}(now).
 *
 * @throws RangeError for an invalid date or one outside AD_MIN_DATE…AD_MAX_DATE.
 */
export function adToBs(date: Date | AdDate): BsDate {
  const ad = toAdDate(date)
  const offset = adDayNumber(ad) - EPOCH_DAY
  if (offset < 0 || offset >= TOTAL_DAYS) {
    throw new RangeError(
      `AD date ${formatIsoLike(ad)} is outside the supported range ` +
        `${formatIsoLike(AD_MIN_DATE)} to ${formatIsoLike(AD_MAX_DATE)}`
    )
  }
  let yearIndex = 0
  while (YEAR_START_OFFSET[yearIndex + 1] <= offset) yearIndex++
  let rest = offset - YEAR_START_OFFSET[yearIndex]
  const lengths = MONTH_LENGTHS[yearIndex]
  let monthIndex = 0
  while (rest >= lengths[monthIndex]) {
    rest -= lengths[monthIndex]
    monthIndex++
  }
  return { year: BS_MIN_YEAR + yearIndex, month: monthIndex + 1, day: rest + 1 }
}

/**
 * Converts a Bikram Sambat date to a Gregorian calendar date.
 *
 * @throws RangeError for an invalid BS date or one outside the table.
 */
export function bsToAd(bs: BsDate): AdDate {
  assertValidBsDate(bs)
  const lengths = MONTH_LENGTHS[bs.year - BS_MIN_YEAR]
  let offset = YEAR_START_OFFSET[bs.year - BS_MIN_YEAR] + bs.day - 1
  for (let month = 1; month < bs.month; month++) offset += lengths[month - 1]
  return dayNumberToAd(EPOCH_DAY + offset)
}

/** Converts a BS date to a `Date` at 00:00 UTC of the matching AD day. */
export function bsToUtcDate(bs: BsDate): Date {
  const ad = bsToAd(bs)
  return new Date(Date.UTC(ad.year, ad.month - 1, ad.day))
}

/** Nepal Standard Time is UTC+05:45 all year (no daylight saving since 1986). */
export const NEPAL_UTC_OFFSET_MINUTES = 345
/** The IANA name of Nepal's time zone, for formatters that take one (Intl, Luxon, SQL). */
export const NEPAL_TIME_ZONE = 'Asia/Kathmandu'

/**
 * The calendar date in Nepal (Asia/Kathmandu, UTC+05:45) at the given instant.
 * Use it before converting "now": 2026-07-16T20:00Z is already 17 July in Nepal.
 */
export function nepalCalendarDate(instant: Date = new Date()): AdDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date')
  const shifted = new Date(instant.getTime() + NEPAL_UTC_OFFSET_MINUTES * 60_000)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  }
}

/** Compares two BS dates: negative if a < b, 0 if equal, positive if a > b. */
export function compareBs(a: BsDate, b: BsDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day
}

/** BS month name in English or Nepali. @throws RangeError for a month outside 1–12. */
export function bsMonthName(month: number, locale: 'en' | 'ne'): string {
  assertMonth(month, 'BS')
  return (locale === 'ne' ? BS_MONTH_NAMES_NE : BS_MONTH_NAMES_EN)[month - 1]
}
