import { test } from '@japa/runner'
import {
  decimalToPaisa,
  MAX_DONATION_PAISA,
  paisaToDecimal,
  parseRupeesToPaisa,
} from '#party/donations/donation_amount'
import { resolveReceivedDate } from '#party/donations/received_date'
import { BS_MAX_YEAR, BS_MIN_YEAR } from '#party/calendar/bikram_sambat'

const problem = (input: unknown) => {
  const result = parseRupeesToPaisa(input)
  return result.ok ? `paisa:${result.paisa}` : result.problem
}

test.group('Donations | amounts in paisa', () => {
  test('reads rupees as typed into integer paisa')
    .with([
      ['25000', 2_500_000],
      ['25000.5', 2_500_050],
      ['25000.05', 2_500_005],
      ['0.01', 1],
      ['1,00,000', 10_000_000],
      ['12,34,56,789.10', 123_456_789_10],
      ['100,000', 10_000_000],
      ['२५,०००.५०', 2_500_050],
      [' 007 ', 700],
      [25000.5, 2_500_050],
      [1, 100],
    ] as const)
    .run(({ assert }, [input, paisa]) => {
      assert.equal(problem(input), `paisa:${paisa}`)
    })

  test('refuses what is not plainly money')
    .with([
      [Number.NaN, 'amount_format'],
      ['NaN', 'amount_format'],
      [Number.POSITIVE_INFINITY, 'amount_format'],
      ['Infinity', 'amount_format'],
      ['1e5', 'amount_format'],
      [1e21, 'amount_format'],
      ['0', 'amount_not_positive'],
      ['0.00', 'amount_not_positive'],
      [0, 'amount_not_positive'],
      [-0, 'amount_not_positive'],
      ['-1', 'amount_not_positive'],
      [-0.01, 'amount_not_positive'],
      ['1.001', 'amount_precision'],
      [0.1 + 0.2, 'amount_precision'],
      ['1,5', 'amount_format'],
      ['1,0000', 'amount_format'],
      ['10,00,00', 'amount_format'],
      ['25 000', 'amount_format'],
      ['Rs 500', 'amount_format'],
      ['', 'amount_required'],
      ['   ', 'amount_required'],
      [null, 'amount_required'],
      [undefined, 'amount_required'],
      [{}, 'amount_required'],
      ['১২৩', 'amount_digits'],
      ['١٢٣', 'amount_digits'],
      ['１２３', 'amount_digits'],
      ['1000000001', 'amount_too_large'],
      ['9'.repeat(40), 'amount_too_large'],
    ] as const)
    .run(({ assert }, [input, expected]) => {
      assert.equal(problem(input), expected, String(input))
    })

  test('the ceiling is Rs 100 crore: exactly it passes, one paisa more does not', ({ assert }) => {
    assert.equal(MAX_DONATION_PAISA, 100_000_000_000)
    assert.equal(problem('1000000000'), `paisa:${MAX_DONATION_PAISA}`)
    assert.equal(problem('1000000000.01'), 'amount_too_large')
    assert.isTrue(Number.isSafeInteger(MAX_DONATION_PAISA))
  })

  test('paisa round-trips through numeric text without float error', ({ assert }) => {
    assert.equal(paisaToDecimal(2_500_005), '25000.05')
    assert.equal(paisaToDecimal(1), '0.01')
    assert.equal(paisaToDecimal(-150), '-1.50')
    assert.equal(decimalToPaisa('25000.05'), 2_500_005)
    assert.equal(decimalToPaisa('0.1'), 10)
    assert.equal(decimalToPaisa('30000'), 3_000_000)
    // 0.1 + 0.2 in paisa is exact: 10 + 20 = 30.
    assert.equal(decimalToPaisa('0.10') + decimalToPaisa('0.20'), decimalToPaisa('0.30'))
    assert.throws(() => decimalToPaisa('NaN'), RangeError)
    assert.throws(() => decimalToPaisa('Infinity'), RangeError)
    assert.throws(() => paisaToDecimal(0.5), RangeError)
  })
})

test.group('Donations | the fiscal year of a moment is decided in Nepal time', () => {
  const now = new Date('2026-11-28T06:00:00Z')
  const fiscalYearAt = (iso: string) => {
    const result = resolveReceivedDate({ at: new Date(iso) }, now)
    return result.ok ? `${result.value.fiscalYear} ${result.value.bsIso}` : result.problem
  }

  test('Shrawan 1, 2083 starts at 18:15 UTC on 16 July 2026, to the minute', ({ assert }) => {
    assert.equal(fiscalYearAt('2026-07-16T18:14:59.999Z'), '2082/83 2083-03-32')
    assert.equal(fiscalYearAt('2026-07-16T18:15:00.000Z'), '2083/84 2083-04-01')
  })

  test('00:30 on Shrawan 1 in Kathmandu belongs to the new year', ({ assert }) => {
    // 00:30 NPT = 18:45 UTC the day before; in UTC it is still Asar.
    assert.equal(fiscalYearAt('2026-07-16T18:45:00Z'), '2083/84 2083-04-01')
    assert.equal(fiscalYearAt('2026-07-16T18:44:00Z'), '2083/84 2083-04-01')
  })

  test('calendar dates in BS (ASCII or Devanagari) and AD give the same day', ({ assert }) => {
    const bs = resolveReceivedDate({ calendar: 'bs', date: '२०८३-०४-०१' }, now)
    const ad = resolveReceivedDate({ calendar: 'ad', date: '2026-07-17' }, now)
    const before = resolveReceivedDate({ calendar: 'ad', date: '2026-07-16' }, now)
    assert.deepEqual(bs, ad)
    assert.isTrue(ad.ok && ad.value.fiscalYear === '2083/84' && ad.value.bsIso === '2083-04-01')
    assert.isTrue(before.ok && before.value.fiscalYear === '2082/83')
  })

  test('refuses impossible, future and out-of-table dates', ({ assert }) => {
    const code = (input: Parameters<typeof resolveReceivedDate>[0]) => {
      const result = resolveReceivedDate(input, now)
      return result.ok ? 'ok' : result.problem
    }
    assert.equal(code({ calendar: 'ad', date: '2026-02-30' }), 'invalid_date')
    assert.equal(code({ calendar: 'ad', date: '28/11/2026' }), 'invalid_date')
    assert.equal(code({ calendar: 'bs', date: '2083-03-33' }), 'invalid_date')
    assert.equal(code({ calendar: 'bs', date: '2083-13-01' }), 'invalid_date')
    assert.equal(code({ calendar: 'bs', date: '1999-01-01' }), 'date_out_of_range')
    assert.equal(code({ at: new Date('nonsense') }), 'invalid_date')
    // Today in Nepal is fine; tomorrow is not. 18:15 UTC is already tomorrow in Nepal.
    assert.equal(code({ calendar: 'ad', date: '2026-11-28' }), 'ok')
    assert.equal(code({ calendar: 'ad', date: '2026-11-29' }), 'date_in_future')
    const lateEvening = new Date('2026-11-28T18:15:00Z')
    assert.equal(resolveReceivedDate({ calendar: 'ad', date: '2026-11-29' }, lateEvening).ok, true)
  })
})

test.group('Donations | amount edges a one-character bug would move', () => {
  test('grouping is checked from the first digit: a long head before the commas is refused', ({
    assert,
  }) => {
    assert.equal(problem('1234,56,789'), 'amount_format')
    assert.equal(problem('1234,567'), 'amount_format')
    assert.equal(problem('1,000,000'), 'paisa:100000000')
    assert.equal(problem('10,00,000'), 'paisa:100000000')
  })

  test('leading zeros are not digits of the amount', ({ assert }) => {
    assert.equal(problem('000000000001'), 'paisa:100')
    assert.equal(problem('0001000000000'), `paisa:${MAX_DONATION_PAISA}`)
  })

  test('a huge negative amount is refused as not positive, not as too large', ({ assert }) => {
    assert.equal(problem(`-${'9'.repeat(40)}`), 'amount_not_positive')
  })

  test('numeric text from the database: sign, trimming, and corrupt rows', ({ assert }) => {
    assert.equal(decimalToPaisa('-1.50'), -150)
    assert.equal(decimalToPaisa('-0.05'), -5)
    assert.equal(decimalToPaisa(' 12.50 '), 1250)
    assert.equal(decimalToPaisa(1250), 125_000)
    for (const corrupt of ['abc12.50', '12.50x', '12.505', '1,000.00', '']) {
      assert.throws(() => decimalToPaisa(corrupt), /Not an amount in rupees/, corrupt)
    }
    assert.throws(() => decimalToPaisa('99999999999999999'), /out of range/)
    assert.throws(() => paisaToDecimal(Number.NaN), /Not a whole number of paisa/)
  })
})

test.group('Donations | received dates at the edges of the calendar table', () => {
  const now = new Date('2026-11-28T06:00:00Z')
  const code = (input: Parameters<typeof resolveReceivedDate>[0]) => {
    const result = resolveReceivedDate(input, now)
    return result.ok ? `ok ${result.value.fiscalYear} ${result.value.adIso}` : result.problem
  }

  test('the first BS year of the table is readable; the years around it are not', ({ assert }) => {
    assert.equal(BS_MIN_YEAR, 2000)
    assert.equal(code({ calendar: 'bs', date: '2000-04-01' }), 'ok 2000/01 1943-07-16')
    // Baisakh–Asar 2000 belong to fiscal year 1999/00, before the table.
    assert.equal(code({ calendar: 'bs', date: '2000-03-01' }), 'date_out_of_range')
    assert.equal(code({ calendar: 'bs', date: '1999-12-01' }), 'date_out_of_range')
  })

  test('the last BS year of the table is in range (and in the future); the next is not', ({
    assert,
  }) => {
    assert.equal(code({ calendar: 'bs', date: `${BS_MAX_YEAR}-01-01` }), 'date_in_future')
    assert.equal(code({ calendar: 'bs', date: `${BS_MAX_YEAR + 1}-01-01` }), 'date_out_of_range')
  })

  test('AD dates and instants outside the table are out of range', ({ assert }) => {
    assert.equal(code({ calendar: 'ad', date: '1900-01-01' }), 'date_out_of_range')
    assert.equal(code({ at: new Date('1900-01-01T00:00:00Z') }), 'date_out_of_range')
    // After the table's last BS year: out of range, not merely in the future.
    assert.equal(code({ calendar: 'ad', date: '2040-01-01' }), 'date_out_of_range')
    assert.equal(code({ at: new Date('2040-01-01T00:00:00Z') }), 'date_out_of_range')
  })

  test('the date is exactly YYYY-MM-DD (ends trimmed); year 0050 is not 1950', ({ assert }) => {
    assert.equal(code({ calendar: 'ad', date: ' 2026-07-17 ' }), 'ok 2083/84 2026-07-17')
    assert.equal(code({ calendar: 'bs', date: ' 2083-04-01 ' }), 'ok 2083/84 2026-07-17')
    for (const date of ['12026-07-17', '2026-07-170', '2026-7-17']) {
      assert.equal(code({ calendar: 'ad', date }), 'invalid_date', date)
      assert.equal(code({ calendar: 'bs', date: `2${date}` }), 'invalid_date', date)
    }
    // Date.UTC reads years 0–99 as 1900–1999: a two-digit year must not slip into the table.
    assert.equal(code({ calendar: 'ad', date: '0050-01-01' }), 'invalid_date')
  })
})
