import { readFileSync } from 'node:fs'
import { test } from '@japa/runner'
import {
  AD_MAX_DATE,
  AD_MIN_DATE,
  adToBs,
  assertValidBsDate,
  BS_MAX_YEAR,
  BS_MIN_YEAR,
  BS_MONTH_NAMES_EN,
  BS_MONTH_NAMES_NE,
  BS_PROVISIONAL_FROM_YEAR,
  bsMonthLength,
  bsMonthName,
  bsToAd,
  bsToUtcDate,
  bsYearLength,
  compareBs,
  formatIsoLike,
  isValidBsDate,
  nepalCalendarDate,
  type AdDate,
  type BsDate,
} from '#party/calendar/bikram_sambat'

const bs = (year: number, month: number, day: number): BsDate => ({ year, month, day })
const ad = (year: number, month: number, day: number): AdDate => ({ year, month, day })
const MS_PER_DAY = 86_400_000

/**
 * AD date of day 1 of every BS month, 2000–2090, from published converters
 * (provenance inside the file and in docs/testing.md), never from our table.
 */
interface MonthStartsFixture {
  sources: { package: string; version: string }[]
  months: Record<string, string[]>
  disputed: Record<string, Record<string, string>>
}
const MONTH_STARTS: MonthStartsFixture = JSON.parse(
  readFileSync(new URL('../../fixtures/bikram_sambat_month_starts.json', import.meta.url), 'utf8')
)
const isoAd = (value: string): AdDate => {
  const [year, month, day] = value.split('-').map(Number)
  return ad(year, month, day)
}

/** [BS, AD] pairs: new-year anchors, boundaries and well-known historical dates. */
const KNOWN_PAIRS: [BsDate, AdDate, string][] = [
  [bs(2000, 1, 1), ad(1943, 4, 14), 'start of the table'],
  [bs(2007, 11, 7), ad(1951, 2, 18), 'Democracy Day'],
  [bs(2046, 12, 26), ad(1990, 4, 8), 'multiparty democracy restored'],
  [bs(2063, 1, 11), ad(2006, 4, 24), 'Loktantra Diwas'],
  [bs(2065, 2, 15), ad(2008, 5, 28), 'Republic Day'],
  [bs(2072, 6, 3), ad(2015, 9, 20), 'Constitution Day'],
  [bs(2080, 12, 30), ad(2024, 4, 12), 'last day of Chaitra 2080'],
  [bs(2081, 1, 1), ad(2024, 4, 13), 'Baisakh 1, 2081'],
  [bs(2081, 12, 31), ad(2025, 4, 13), 'last day of Chaitra 2081 (31 days)'],
  [bs(2082, 1, 1), ad(2025, 4, 14), 'Baisakh 1, 2082'],
  [bs(2082, 12, 30), ad(2026, 4, 13), 'last day of Chaitra 2082'],
  [bs(2083, 1, 1), ad(2026, 4, 14), 'Baisakh 1, 2083'],
  [bs(2083, 8, 12), ad(2026, 11, 28), 'Mangsir 12, 2083'],
  [bs(2090, 12, 30), ad(2034, 4, 13), 'end of the table'],
]

test.group('Bikram Sambat | conversion', () => {
  test('known pair converts both ways: {label}')
    .with(KNOWN_PAIRS.map(([b, a, label]) => ({ b, a, label })))
    .run(({ assert }, { b, a }) => {
      assert.deepEqual(bsToAd(b), a)
      assert.deepEqual(adToBs(a), b)
      assert.deepEqual(adToBs(new Date(Date.UTC(a.year, a.month - 1, a.day))), b)
    })

  test('Date input is read in UTC whatever the time of day', ({ assert }) => {
    assert.deepEqual(adToBs(new Date('2026-04-14T00:00:00Z')), bs(2083, 1, 1))
    assert.deepEqual(adToBs(new Date('2026-04-14T23:59:59.999Z')), bs(2083, 1, 1))
    assert.deepEqual(adToBs(new Date('2026-04-13T23:59:59.999Z')), bs(2082, 12, 30))
    assert.equal(bsToUtcDate(bs(2083, 1, 1)).toISOString(), '2026-04-14T00:00:00.000Z')
  })

  test('nepalCalendarDate applies UTC+05:45', ({ assert }) => {
    assert.deepEqual(nepalCalendarDate(new Date('2026-04-13T18:14:59Z')), ad(2026, 4, 13))
    assert.deepEqual(nepalCalendarDate(new Date('2026-04-13T18:15:00Z')), ad(2026, 4, 14))
    assert.deepEqual(adToBs(nepalCalendarDate(new Date('2026-04-13T18:15:00Z'))), bs(2083, 1, 1))
  })

  test('every day of the table round-trips and days are consecutive', ({ assert }) => {
    const start = Date.UTC(AD_MIN_DATE.year, AD_MIN_DATE.month - 1, AD_MIN_DATE.day)
    const end = Date.UTC(AD_MAX_DATE.year, AD_MAX_DATE.month - 1, AD_MAX_DATE.day)
    let previous: BsDate | undefined
    let days = 0
    for (let time = start; time <= end; time += MS_PER_DAY) {
      const date = new Date(time)
      const converted = adToBs(date)
      const back = bsToAd(converted)
      if (Date.UTC(back.year, back.month - 1, back.day) !== time) {
        assert.fail(
          `${date.toISOString()} → ${JSON.stringify(converted)} → ${JSON.stringify(back)}`
        )
      }
      if (previous) {
        const expected =
          previous.day < bsMonthLength(previous.year, previous.month)
            ? bs(previous.year, previous.month, previous.day + 1)
            : previous.month < 12
              ? bs(previous.year, previous.month + 1, 1)
              : bs(previous.year + 1, 1, 1)
        if (compareBs(converted, expected) !== 0) {
          assert.fail(`${date.toISOString()} gave ${JSON.stringify(converted)}`)
        }
      }
      previous = converted
      days++
    }
    let tableDays = 0
    for (let year = BS_MIN_YEAR; year <= BS_MAX_YEAR; year++) tableDays += bsYearLength(year)
    assert.equal(days, tableDays)
    assert.deepEqual(previous, bs(BS_MAX_YEAR, 12, bsMonthLength(BS_MAX_YEAR, 12)))
  })
})

test.group('Bikram Sambat | month table', () => {
  test('month lengths are 29–32 and years 365 or 366 days', ({ assert }) => {
    for (let year = BS_MIN_YEAR; year <= BS_MAX_YEAR; year++) {
      for (let month = 1; month <= 12; month++) {
        const length = bsMonthLength(year, month)
        assert.isTrue(length >= 29 && length <= 32, `${year}-${month}: ${length}`)
      }
      assert.include([365, 366], bsYearLength(year), `year ${year}`)
    }
  })

  test('known month lengths', ({ assert }) => {
    assert.deepEqual(
      Array.from({ length: 12 }, (_, i) => bsMonthLength(2083, i + 1)),
      [31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30]
    )
    assert.equal(bsMonthLength(2081, 12), 31)
    assert.equal(bsYearLength(2081), 366)
    assert.equal(bsYearLength(2082), 365)
  })

  test('provisional years follow the chosen source (see docs/domain.md)', ({ assert }) => {
    assert.equal(BS_PROVISIONAL_FROM_YEAR, 2084)
    assert.deepEqual(bsToAd(bs(2084, 1, 1)), ad(2027, 4, 14))
    assert.deepEqual(bsToAd(bs(2085, 1, 1)), ad(2028, 4, 14))
    assert.deepEqual(bsToAd(bs(2090, 1, 1)), ad(2033, 4, 14))
    assert.equal(bsYearLength(2084), 366)
  })

  test('month names', ({ assert }) => {
    assert.lengthOf(BS_MONTH_NAMES_EN, 12)
    assert.lengthOf(BS_MONTH_NAMES_NE, 12)
    assert.equal(bsMonthName(1, 'en'), 'Baisakh')
    assert.equal(bsMonthName(12, 'en'), 'Chaitra')
    assert.equal(bsMonthName(1, 'ne'), 'बैशाख')
    assert.equal(bsMonthName(12, 'ne'), 'चैत्र')
    assert.throws(() => bsMonthName(13, 'en'), RangeError)
  })
})

test.group('Bikram Sambat | invalid input', () => {
  test('invalid BS dates throw RangeError with a clear message', ({ assert }) => {
    assert.throws(() => bsToAd(bs(2083, 2, 32)), /Jestha 2083 has 31 days/)
    assert.throws(() => bsToAd(bs(2083, 13, 1)), /month must be an integer from 1 to 12/)
    assert.throws(() => bsToAd(bs(2083, 0, 1)), RangeError)
    assert.throws(() => bsToAd(bs(2083, 1, 0)), RangeError)
    assert.throws(() => bsToAd(bs(2083, 1, 1.5)), RangeError)
    assert.throws(() => bsToAd(bs(1999, 12, 30)), /outside the supported range 2000–2090/)
    assert.throws(() => bsToAd(bs(2091, 1, 1)), RangeError)
    assert.throws(() => bsMonthLength(2091, 1), RangeError)
    assert.throws(() => assertValidBsDate(bs(2082, 12, 31)), /Chaitra 2082 has 30 days/)
    assert.isFalse(isValidBsDate(bs(2082, 12, 31)))
    assert.isTrue(isValidBsDate(bs(2081, 12, 31)))
  })

  test('invalid or out-of-range AD dates throw RangeError', ({ assert }) => {
    assert.throws(
      () => adToBs(ad(1943, 4, 13)),
      /outside the supported range 1943-04-14 to 2034-04-13/
    )
    assert.throws(() => adToBs(ad(2034, 4, 14)), RangeError)
    assert.throws(() => adToBs(ad(2025, 2, 29)), /Invalid AD date 2025-02-29/)
    assert.throws(() => adToBs(ad(2025, 13, 1)), RangeError)
    assert.throws(() => adToBs(ad(2025, 1, 0)), RangeError)
    assert.throws(() => adToBs(new Date('not a date')), /Invalid Date/)
    assert.deepEqual(adToBs(ad(2024, 2, 29)), bs(2080, 11, 17))
  })
})

test.group('Bikram Sambat | month starts from public references', () => {
  test('the fixture covers every month of BS_MIN_YEAR…BS_MAX_YEAR', ({ assert }) => {
    const years = Object.keys(MONTH_STARTS.months).map(Number)
    assert.deepEqual(
      years,
      Array.from({ length: BS_MAX_YEAR - BS_MIN_YEAR + 1 }, (_, i) => BS_MIN_YEAR + i)
    )
    for (const starts of Object.values(MONTH_STARTS.months)) assert.lengthOf(starts, 12)
    assert.isAtLeast(MONTH_STARTS.sources.length, 2)
  })

  test('day 1 of every month converts to the published AD date and back', ({ assert }) => {
    const wrong: string[] = []
    for (const [year, starts] of Object.entries(MONTH_STARTS.months)) {
      starts.forEach((start, index) => {
        const first = bs(Number(year), index + 1, 1)
        const converted = formatIsoLike(bsToAd(first))
        const back = adToBs(isoAd(start))
        if (converted !== start || compareBs(back, first) !== 0) {
          wrong.push(`${year}-${index + 1}-01: ${converted} (published ${start})`)
        }
      })
    }
    assert.deepEqual(wrong, [])
  })

  test('the day before each published month start is the last day of the previous month', ({
    assert,
  }) => {
    const wrong: string[] = []
    for (const [year, starts] of Object.entries(MONTH_STARTS.months)) {
      starts.forEach((start, index) => {
        if (Number(year) === BS_MIN_YEAR && index === 0) return
        const { year: y, month: m, day: d } = isoAd(start)
        const eve = adToBs(new Date(Date.UTC(y, m - 1, d) - MS_PER_DAY))
        const [prevYear, prevMonth] = index === 0 ? [Number(year) - 1, 12] : [Number(year), index]
        const expected = bs(prevYear, prevMonth, bsMonthLength(prevYear, prevMonth))
        if (compareBs(eve, expected) !== 0) wrong.push(`${start}: ${JSON.stringify(eve)}`)
      })
    }
    assert.deepEqual(wrong, [])
  })

  test('the sources disagree only in provisional years; we follow nepali-datetime there', ({
    assert,
  }) => {
    for (const [key, values] of Object.entries(MONTH_STARTS.disputed)) {
      const [year, month] = key.split('-').map(Number)
      assert.isAtLeast(year, BS_PROVISIONAL_FROM_YEAR, key)
      assert.equal(MONTH_STARTS.months[year][month - 1], values['nepali-datetime'], key)
    }
  })
})

test.group('Bikram Sambat | exact errors and comparisons', () => {
  test('non-integer years, months and days are refused by name', ({ assert }) => {
    assert.throws(() => bsToAd(bs(2083.5, 1, 1)), 'BS year must be an integer, got 2083.5')
    assert.throws(() => bsMonthLength(2083.5, 1), 'BS year must be an integer, got 2083.5')
    assert.throws(() => bsMonthLength(2083, 13), 'BS month must be an integer from 1 to 12, got 13')
    assert.throws(() => bsToAd(bs(2083, 0, 1)), 'BS month must be an integer from 1 to 12, got 0')
    assert.throws(() => bsMonthName(0, 'ne'), 'BS month must be an integer from 1 to 12, got 0')
    assert.throws(() => adToBs(ad(2025.5, 1, 1)), 'AD year must be an integer, got 2025.5')
    assert.throws(() => adToBs(ad(2025, 13, 1)), 'AD month must be an integer from 1 to 12, got 13')
    assert.throws(() => adToBs(ad(2025, 1, 1.5)), 'Invalid AD date 2025-01-1.5')
  })

  test('year lengths outside the table throw', ({ assert }) => {
    assert.throws(() => bsYearLength(BS_MAX_YEAR + 1), RangeError)
    assert.throws(() => bsYearLength(BS_MIN_YEAR - 1), RangeError)
  })

  test('nepalCalendarDate refuses an invalid instant', ({ assert }) => {
    assert.throws(() => nepalCalendarDate(new Date('not a date')), 'Invalid Date')
  })

  test('compareBs orders by year, then month, then day', ({ assert }) => {
    assert.equal(compareBs(bs(2083, 5, 10), bs(2083, 5, 10)), 0)
    assert.isBelow(compareBs(bs(2082, 12, 30), bs(2083, 1, 1)), 0)
    assert.isAbove(compareBs(bs(2083, 2, 1), bs(2083, 1, 31)), 0)
    assert.isBelow(compareBs(bs(2083, 1, 31), bs(2083, 2, 1)), 0)
    assert.isAbove(compareBs(bs(2083, 1, 2), bs(2083, 1, 1)), 0)
    assert.isBelow(compareBs(bs(2083, 1, 1), bs(2083, 1, 2)), 0)
  })
})
