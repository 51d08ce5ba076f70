import { test } from '@japa/runner'
import {
  formatBsDate,
  formatNpr,
  formatPaisa,
  fromDevanagariDigits,
  groupLakh,
  toDevanagariDigits,
} from '#party/calendar/nepali_format'

test.group('Nepali format | digits', () => {
  test('toDevanagariDigits', ({ assert }) => {
    assert.equal(toDevanagariDigits(1234567890), '१२३४५६७८९०')
    assert.equal(toDevanagariDigits('2083/84'), '२०८३/८४')
    assert.equal(toDevanagariDigits(10n), '१०')
    assert.equal(toDevanagariDigits('abc'), 'abc')
  })

  test('fromDevanagariDigits', ({ assert }) => {
    assert.equal(fromDevanagariDigits('१२३४५६७८९०'), '1234567890')
    assert.equal(fromDevanagariDigits('वडा नं. ५'), 'वडा नं. 5')
    assert.equal(fromDevanagariDigits(toDevanagariDigits('0123456789')), '0123456789')
  })

  test('groupLakh', ({ assert }) => {
    assert.equal(groupLakh('1'), '1')
    assert.equal(groupLakh('999'), '999')
    assert.equal(groupLakh('1000'), '1,000')
    assert.equal(groupLakh('100000'), '1,00,000')
    assert.equal(groupLakh('12345678'), '1,23,45,678')
    assert.throws(() => groupLakh('12a'), RangeError)
  })
})

test.group('Nepali format | rupees', () => {
  test('lakh grouping in both locales', ({ assert }) => {
    assert.equal(formatNpr(100000, 'en'), 'Rs 1,00,000')
    assert.equal(formatNpr(100000, 'ne'), 'रू १,००,०००')
    assert.equal(formatNpr(12345678, 'en'), 'Rs 1,23,45,678')
    assert.equal(formatNpr(25000, 'en'), 'Rs 25,000')
    assert.equal(formatNpr(999, 'ne'), 'रू ९९९')
    assert.equal(formatNpr(0, 'en'), 'Rs 0')
  })

  test('paisa and rounding', ({ assert }) => {
    assert.equal(formatNpr(25000.5, 'en'), 'Rs 25,000.50')
    assert.equal(formatNpr(25000.5, 'ne'), 'रू २५,०००.५०')
    assert.equal(formatNpr(25000, 'en', { fractionDigits: 2 }), 'Rs 25,000.00')
    assert.equal(formatNpr(1234.567, 'en'), 'Rs 1,234.57')
    assert.equal(formatNpr(1234.4, 'en', { fractionDigits: 0 }), 'Rs 1,234')
    assert.equal(formatPaisa(2_500_050, 'en'), 'Rs 25,000.50')
    assert.equal(formatPaisa(10_000_000, 'ne'), 'रू १,००,०००')
    assert.throws(() => formatPaisa(1.5, 'en'), RangeError)
  })

  test('sign, symbol and invalid amounts', ({ assert }) => {
    assert.equal(formatNpr(-2500, 'en'), '-Rs 2,500')
    assert.equal(formatNpr(-0.001, 'en'), 'Rs 0')
    assert.equal(formatNpr(100000, 'ne', { symbol: false }), '१,००,०००')
    assert.throws(() => formatNpr(Number.NaN, 'en'), RangeError)
    assert.throws(() => formatNpr(Number.POSITIVE_INFINITY, 'ne'), RangeError)
  })

  test('Node Intl gives lakh grouping for en-IN and ne-NP', ({ assert }) => {
    // Documents the runtime behaviour formatNpr relies on (with a fallback).
    assert.equal(new Intl.NumberFormat('en-IN').format(100000), '1,00,000')
    assert.equal(new Intl.NumberFormat('ne-NP').format(100000), '१,००,०००')
  })
})

test.group('Nepali format | BS dates', () => {
  test('long and iso styles', ({ assert }) => {
    const date = { year: 2083, month: 8, day: 12 }
    assert.equal(formatBsDate(date, 'en'), '12 Mangsir 2083')
    assert.equal(formatBsDate(date, 'ne'), '२०८३ मंसिर १२')
    assert.equal(formatBsDate(date, 'en', 'iso'), '2083-08-12')
    assert.equal(formatBsDate(date, 'ne', 'iso'), '२०८३-०८-१२')
    assert.equal(formatBsDate({ year: 2083, month: 1, day: 1 }, 'ne'), '२०८३ बैशाख १')
  })

  test('invalid dates throw', ({ assert }) => {
    assert.throws(() => formatBsDate({ year: 2083, month: 2, day: 32 }, 'en'), RangeError)
  })
})

test.group('Nepali format | exact errors and padding', () => {
  test('messages name the bad input', ({ assert }) => {
    assert.throws(() => groupLakh('a12'), 'Expected digits only, got "a12"')
    assert.throws(() => groupLakh(''), RangeError)
    assert.throws(() => formatNpr(Number.NaN, 'en'), 'Cannot format amount NaN')
    assert.throws(() => formatPaisa(1.5, 'ne'), 'Paisa must be a safe integer, got 1.5')
  })

  test('iso style pads month and day to two digits', ({ assert }) => {
    assert.equal(formatBsDate({ year: 2083, month: 1, day: 5 }, 'en', 'iso'), '2083-01-05')
    assert.equal(formatBsDate({ year: 2083, month: 1, day: 5 }, 'ne', 'iso'), '२०८३-०१-०५')
    assert.equal(formatBsDate({ year: 2083, month: 1, day: 5 }, 'en'), '5 Baisakh 2083')
  })
})
