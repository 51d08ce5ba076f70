import { test } from '@japa/runner'
import { bsMonthLength, bsToAd } from '#party/calendar/bikram_sambat'
import {
  fiscalYearFor,
  fiscalYearForBs,
  fiscalYearLabel,
  fiscalYearStartFromLabel,
  fiscalYearStartingIn,
  isFiscalYearLabel,
  parseFiscalYearLabel,
} from '#party/calendar/fiscal_year'

test.group('Fiscal year | lookup', () => {
  test('AD 2026-11-28 is in fiscal year 2083/84', ({ assert }) => {
    const fy = fiscalYearFor({ year: 2026, month: 11, day: 28 })
    assert.equal(fy.label, '2083/84')
    assert.equal(fy.startYear, 2083)
    assert.deepEqual(fy.start, { year: 2083, month: 4, day: 1 })
    assert.deepEqual(fy.end, { year: 2084, month: 3, day: bsMonthLength(2084, 3) })
    assert.deepEqual(fy.startAd, bsToAd(fy.start))
    assert.deepEqual(fy.endAd, bsToAd(fy.end))
    assert.equal(fiscalYearFor(new Date('2026-11-28T10:00:00Z')).label, '2083/84')
  })

  test('last day of Asar vs Shrawan 1', ({ assert }) => {
    const lastOfAsar = { year: 2083, month: 3, day: bsMonthLength(2083, 3) }
    assert.equal(fiscalYearForBs(lastOfAsar).label, '2082/83')
    assert.equal(fiscalYearForBs({ year: 2083, month: 4, day: 1 }).label, '2083/84')

    // Same boundary in AD: Asar 32, 2083 = 2026-07-16, Shrawan 1 = 2026-07-17.
    assert.deepEqual(bsToAd(lastOfAsar), { year: 2026, month: 7, day: 16 })
    assert.equal(fiscalYearFor({ year: 2026, month: 7, day: 16 }).label, '2082/83')
    assert.equal(fiscalYearFor({ year: 2026, month: 7, day: 17 }).label, '2083/84')
  })

  test('Baisakh 1 does not start a fiscal year', ({ assert }) => {
    assert.equal(fiscalYearForBs({ year: 2083, month: 1, day: 1 }).label, '2082/83')
    assert.equal(fiscalYearForBs({ year: 2082, month: 12, day: 30 }).label, '2082/83')
  })

  test('consecutive fiscal years meet without gap or overlap', ({ assert }) => {
    for (let year = 2000; year < 2089; year++) {
      const current = fiscalYearStartingIn(year)
      const next = fiscalYearStartingIn(year + 1)
      const gap =
        Date.UTC(next.startAd.year, next.startAd.month - 1, next.startAd.day) -
        Date.UTC(current.endAd.year, current.endAd.month - 1, current.endAd.day)
      assert.equal(gap, 86_400_000, `after ${current.label}`)
    }
  })

  test('dates whose fiscal year leaves the table throw RangeError', ({ assert }) => {
    assert.throws(() => fiscalYearForBs({ year: 2000, month: 3, day: 1 }), RangeError)
    assert.throws(() => fiscalYearForBs({ year: 2090, month: 4, day: 1 }), RangeError)
    assert.throws(() => fiscalYearForBs({ year: 2083, month: 3, day: 33 }), RangeError)
    assert.throws(() => fiscalYearFor(new Date('nope')), RangeError)
  })
})

test.group('Fiscal year | labels', () => {
  test('labels', ({ assert }) => {
    assert.equal(fiscalYearLabel(2083), '2083/84')
    assert.equal(fiscalYearLabel(2081), '2081/82')
    assert.equal(fiscalYearLabel(2099), '2099/00')
    assert.equal(fiscalYearLabel(2009), '2009/10')
    assert.throws(() => fiscalYearLabel(83), RangeError)
    assert.throws(() => fiscalYearLabel(2083.5), RangeError)
  })

  test('parseFiscalYearLabel returns BS and AD bounds', ({ assert }) => {
    const fy = parseFiscalYearLabel('2081/82')
    assert.equal(fy.label, '2081/82')
    assert.deepEqual(fy.start, { year: 2081, month: 4, day: 1 })
    assert.deepEqual(fy.end, { year: 2082, month: 3, day: 32 })
    assert.deepEqual(fy.startAd, { year: 2024, month: 7, day: 16 })
    assert.deepEqual(fy.endAd, { year: 2025, month: 7, day: 16 })
    assert.equal(parseFiscalYearLabel(' २०८३/८४ ').label, '2083/84')
  })

  test('label validation', ({ assert }) => {
    assert.equal(fiscalYearStartFromLabel('2099/00'), 2099)
    assert.isTrue(isFiscalYearLabel('2083/84'))
    for (const bad of [
      '2081/83',
      '2081/81',
      '2081-82',
      '2081/2082',
      '81/82',
      '2081/8',
      '',
      'abcd/ef',
    ]) {
      assert.isFalse(isFiscalYearLabel(bad), bad)
      assert.throws(() => parseFiscalYearLabel(bad), RangeError)
    }
    assert.throws(() => parseFiscalYearLabel('2081/83'), /the year after 2081 ends in 82/)
    // Well-formed but beyond the calendar table.
    assert.throws(() => parseFiscalYearLabel('2099/00'), /outside the supported range/)
  })
})

test.group('Fiscal year | label edges', () => {
  test('four-digit start years only, with the exact message', ({ assert }) => {
    assert.equal(fiscalYearLabel(1000), '1000/01')
    assert.equal(fiscalYearLabel(9999), '9999/00')
    assert.throws(
      () => fiscalYearLabel(999),
      'Fiscal year start must be a four-digit BS year, got 999'
    )
    assert.throws(() => fiscalYearLabel(10_000), RangeError)
  })

  test('labels match as a whole, and the message gives the expected ending', ({ assert }) => {
    for (const bad of ['x2083/84', '12083/84', '2083/845', '2083/84x']) {
      assert.throws(
        () => fiscalYearStartFromLabel(bad),
        `Invalid fiscal year label "${bad}": expected YYYY/YY, e.g. 2083/84`
      )
    }
    assert.throws(
      () => fiscalYearStartFromLabel('2099/01'),
      'Invalid fiscal year label "2099/01": the year after 2099 ends in 00'
    )
  })
})
