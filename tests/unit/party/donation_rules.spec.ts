import { test } from '@japa/runner'
import {
  ALLOWED_DONOR_TYPES,
  BANKING_PAYMENT_METHODS,
  DEFAULT_DONATION_LIMITS,
  DONOR_TYPES,
  evaluateDonation,
  formatReceiptNumber,
  isValidPan,
  parseReceiptNumber,
  PAYMENT_METHODS,
  PROHIBITED_DONOR_TYPES,
  isValidCitizenshipNumber,
  type DonationDecision,
  type DonationInput,
  type DonationLimits,
  type DonorType,
  type PaymentMethod,
} from '#party/donations/donation_rules'

const RUPEE = 100
const LIMITS: DonationLimits = {
  fiscalYear: '2083/84',
  cashLimitPaisa: 25_000 * RUPEE,
  disclosureThresholdPaisa: 100_000 * RUPEE,
}

const citizen: DonationInput['donor'] = {
  type: 'individual',
  name: 'Sita Sharma',
  citizenshipNumber: '27-01-71-01234',
}
const company: DonationInput['donor'] = {
  type: 'private_organisation',
  name: 'Himal Traders Pvt. Ltd.',
  pan: '301234567',
}

function donation(overrides: Partial<DonationInput> = {}): DonationInput {
  return { donor: citizen, amountPaisa: 5_000 * RUPEE, paymentMethod: 'cash', ...overrides }
}

function codes(decision: DonationDecision): string[] {
  return decision.ok ? [] : decision.violations.map((v) => v.code)
}

/** `code@field` of each violation, to pin the field a form highlights. */
function problems(decision: DonationDecision): string[] {
  return decision.ok ? [] : decision.violations.map((v) => `${v.code}@${v.field}`)
}

test.group('Donation rules | accepted donations', () => {
  test('an identified citizen giving cash below the limit', ({ assert }) => {
    const decision = evaluateDonation(donation(), LIMITS, 123)
    assert.deepEqual(decision, {
      ok: true,
      isAboveLimit: false,
      requiresDisclosure: false,
      fiscalYear: '2083/84',
      receiptNumber: 'RCPT-2083/84-000123',
    })
  })

  test('a private organisation identified by PAN', ({ assert }) => {
    const decision = evaluateDonation(
      donation({ donor: company, amountPaisa: 500_000 * RUPEE, paymentMethod: 'bank_transfer' }),
      LIMITS,
      1
    )
    assert.isTrue(decision.ok)
    assert.include(decision, { isAboveLimit: true, requiresDisclosure: true })
  })

  test('Devanagari names and digits are accepted', ({ assert }) => {
    const decision = evaluateDonation(
      donation({
        donor: { type: 'individual', name: 'सीता शर्मा', citizenshipNumber: '२७-०१-७१-०१२३४' },
      }),
      LIMITS,
      2
    )
    assert.isTrue(decision.ok)
  })
})

test.group('Donation rules | identity', () => {
  test('missing or placeholder names are anonymous', ({ assert }) => {
    for (const name of [undefined, null, '', '   ', 'Anonymous', 'unknown', 'अज्ञात', '123']) {
      const decision = evaluateDonation(donation({ donor: { ...citizen, name } }), LIMITS, 1)
      assert.deepEqual(codes(decision), ['anonymous_donor'], String(name))
    }
  })

  test('an organisation with a valid PAN still needs a real name', ({ assert }) => {
    for (const name of [undefined, '', 'Anonymous', 'N/A', 'बेनामी']) {
      const decision = evaluateDonation(donation({ donor: { ...company, name } }), LIMITS, 1)
      assert.deepEqual(codes(decision), ['anonymous_donor'], String(name))
      assert.deepEqual(decision.ok ? [] : decision.violations.map((v) => v.field), ['donor.name'])
    }
  })

  test('an individual needs a citizenship number', ({ assert }) => {
    const missing = evaluateDonation(
      donation({ donor: { ...citizen, citizenshipNumber: undefined } }),
      LIMITS,
      1
    )
    assert.deepEqual(codes(missing), ['anonymous_donor'])
    assert.deepEqual(missing.ok ? [] : missing.violations.map((v) => v.field), [
      'donor.citizenshipNumber',
    ])

    const malformed = evaluateDonation(
      donation({ donor: { ...citizen, citizenshipNumber: 'ABC' } }),
      LIMITS,
      1
    )
    assert.deepEqual(codes(malformed), ['invalid_citizenship_number'])
  })

  test('an organisation needs a PAN of exactly 9 digits', ({ assert }) => {
    const missing = evaluateDonation(donation({ donor: { ...company, pan: null } }), LIMITS, 1)
    assert.deepEqual(codes(missing), ['anonymous_donor'])

    for (const pan of ['30123456', '3012345678', '30123456a', '301-234-567']) {
      const decision = evaluateDonation(donation({ donor: { ...company, pan } }), LIMITS, 1)
      assert.deepEqual(codes(decision), ['invalid_pan'], pan)
    }
    assert.isTrue(isValidPan(' 301234567 '))
    assert.isTrue(isValidPan('३०१२३४५६७'))
  })

  test('an individual PAN, when given, must be valid too', ({ assert }) => {
    const decision = evaluateDonation(donation({ donor: { ...citizen, pan: '12345' } }), LIMITS, 1)
    assert.deepEqual(codes(decision), ['invalid_pan'])
  })

  test('all violations are reported together', ({ assert }) => {
    const decision = evaluateDonation(
      {
        donor: { type: 'individual', name: '', citizenshipNumber: '' },
        amountPaisa: 30_000 * RUPEE,
        paymentMethod: 'cash',
      },
      LIMITS,
      1
    )
    assert.deepEqual(codes(decision), ['anonymous_donor', 'anonymous_donor', 'cash_above_limit'])
  })
})

test.group('Donation rules | prohibited donors', () => {
  test('{$self} is refused')
    .with([...PROHIBITED_DONOR_TYPES])
    .run(({ assert }, type) => {
      const donor = { type, name: 'Some Body', pan: '301234567', citizenshipNumber: '1234' }
      assert.deepEqual(codes(evaluateDonation(donation({ donor }), LIMITS, 1)), [
        'prohibited_donor',
      ])
    })

  test('donor type lists', ({ assert }) => {
    assert.sameMembers([...DONOR_TYPES], [...ALLOWED_DONOR_TYPES, ...PROHIBITED_DONOR_TYPES])
    assert.includeMembers(
      [...PROHIBITED_DONOR_TYPES],
      [
        'government_body',
        'public_enterprise',
        'educational_institution',
        'ngo',
        'ingo',
        'foreign_government',
        'foreign_individual',
        'foreign_organisation',
      ]
    )
    assert.deepEqual([...PAYMENT_METHODS], ['cash', 'cheque', 'bank_transfer', 'digital_wallet'])
  })

  test('unknown donor type and payment method', ({ assert }) => {
    const decision = evaluateDonation(
      donation({
        donor: { ...citizen, type: 'alien' as DonorType },
        paymentMethod: 'gold' as PaymentMethod,
      }),
      LIMITS,
      1
    )
    assert.deepEqual(codes(decision), ['unknown_donor_type', 'unknown_payment_method'])
  })
})

test.group('Donation rules | cash limit', () => {
  test('exactly Rs 25,000 in cash is allowed and not above the limit', ({ assert }) => {
    const decision = evaluateDonation(donation({ amountPaisa: 25_000 * RUPEE }), LIMITS, 7)
    assert.isTrue(decision.ok)
    assert.include(decision, { isAboveLimit: false })
  })

  test('Rs 25,001 in cash is refused', ({ assert }) => {
    const decision = evaluateDonation(donation({ amountPaisa: 25_001 * RUPEE }), LIMITS, 7)
    assert.deepEqual(codes(decision), ['cash_above_limit'])
  })

  test('one paisa above the limit already counts', ({ assert }) => {
    const decision = evaluateDonation(donation({ amountPaisa: 25_000 * RUPEE + 1 }), LIMITS, 7)
    assert.deepEqual(codes(decision), ['cash_above_limit'])
  })

  test('Rs 25,001 by {$self}')
    .with([...PAYMENT_METHODS])
    .run(({ assert }, paymentMethod) => {
      const decision = evaluateDonation(
        donation({ amountPaisa: 25_001 * RUPEE, paymentMethod }),
        LIMITS,
        7
      )
      const banking: readonly PaymentMethod[] = BANKING_PAYMENT_METHODS
      if (banking.includes(paymentMethod)) {
        assert.isTrue(decision.ok)
        assert.include(decision, { isAboveLimit: true })
      } else {
        assert.deepEqual(codes(decision), ['cash_above_limit'])
      }
    })

  test('digital wallet is not a banking channel', ({ assert }) => {
    assert.notInclude(BANKING_PAYMENT_METHODS as readonly string[], 'digital_wallet')
    assert.isTrue(evaluateDonation(donation({ paymentMethod: 'digital_wallet' }), LIMITS, 1).ok)
  })

  test('invalid amounts', ({ assert }) => {
    for (const amountPaisa of [0, -100, 12.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.deepEqual(
        codes(evaluateDonation(donation({ amountPaisa }), LIMITS, 1)),
        ['invalid_amount'],
        String(amountPaisa)
      )
    }
  })
})

test.group('Donation rules | limits are data', () => {
  test('a different cash limit changes the outcome', ({ assert }) => {
    const input = donation({ amountPaisa: 30_000 * RUPEE })
    assert.deepEqual(codes(evaluateDonation(input, LIMITS, 1)), ['cash_above_limit'])

    const raised: DonationLimits = { ...LIMITS, cashLimitPaisa: 50_000 * RUPEE }
    const decision = evaluateDonation(input, raised, 1)
    assert.isTrue(decision.ok)
    assert.include(decision, { isAboveLimit: false })

    const lowered: DonationLimits = { ...LIMITS, cashLimitPaisa: 1_000 * RUPEE }
    assert.deepEqual(codes(evaluateDonation(donation(), lowered, 1)), ['cash_above_limit'])
  })

  test('disclosure threshold comes from the limits', ({ assert }) => {
    const input = donation({ amountPaisa: 50_000 * RUPEE, paymentMethod: 'cheque' })
    assert.include(evaluateDonation(input, LIMITS, 1), { requiresDisclosure: false })
    assert.include(
      evaluateDonation(input, { ...LIMITS, disclosureThresholdPaisa: 10_000 * RUPEE }, 1),
      { requiresDisclosure: true }
    )
  })

  test('exactly the disclosure threshold is not disclosed; one paisa more is', ({ assert }) => {
    const threshold = LIMITS.disclosureThresholdPaisa
    const at = donation({ amountPaisa: threshold, paymentMethod: 'bank_transfer' })
    assert.include(evaluateDonation(at, LIMITS, 1), { ok: true, requiresDisclosure: false })
    const above = donation({ amountPaisa: threshold + 1, paymentMethod: 'bank_transfer' })
    assert.include(evaluateDonation(above, LIMITS, 1), { ok: true, requiresDisclosure: true })
    const below = donation({ amountPaisa: threshold - 1, paymentMethod: 'bank_transfer' })
    assert.include(evaluateDonation(below, LIMITS, 1), { ok: true, requiresDisclosure: false })
  })

  test('receipt uses the limits fiscal year; received date must match it', ({ assert }) => {
    const other: DonationLimits = { ...LIMITS, fiscalYear: '2084/85' }
    const accepted = evaluateDonation(donation(), other, 42)
    assert.include(accepted, { receiptNumber: 'RCPT-2084/85-000042', fiscalYear: '2084/85' })

    const inYear = donation({ receivedOn: { year: 2026, month: 11, day: 28 } })
    assert.isTrue(evaluateDonation(inYear, LIMITS, 1).ok)
    assert.deepEqual(codes(evaluateDonation(inYear, other, 1)), ['fiscal_year_mismatch'])
    const lastYear = donation({ receivedOn: new Date('2026-07-16T12:00:00Z') })
    assert.deepEqual(codes(evaluateDonation(lastYear, LIMITS, 1)), ['fiscal_year_mismatch'])
  })

  test('default limits are Rs 25,000 for 2083/84', ({ assert }) => {
    assert.deepEqual(DEFAULT_DONATION_LIMITS, {
      fiscalYear: '2083/84',
      cashLimitPaisa: 2_500_000,
      disclosureThresholdPaisa: 2_500_000,
    })
    assert.isTrue(Object.isFrozen(DEFAULT_DONATION_LIMITS))
  })

  test('malformed limits or sequence are programming errors', ({ assert }) => {
    assert.throws(
      () => evaluateDonation(donation(), { ...LIMITS, fiscalYear: '2083' }, 1),
      RangeError
    )
    assert.throws(
      () => evaluateDonation(donation(), { ...LIMITS, cashLimitPaisa: -1 }, 1),
      RangeError
    )
    assert.throws(
      () => evaluateDonation(donation(), { ...LIMITS, cashLimitPaisa: 2.5 }, 1),
      RangeError
    )
    assert.throws(() => evaluateDonation(donation(), LIMITS, 0), RangeError)
  })
})

test.group('Donation rules | receipt numbers', () => {
  test('format and parse', ({ assert }) => {
    assert.equal(formatReceiptNumber('2083/84', 1), 'RCPT-2083/84-000001')
    assert.equal(formatReceiptNumber('2083/84', 123), 'RCPT-2083/84-000123')
    assert.equal(formatReceiptNumber('2099/00', 1_234_567), 'RCPT-2099/00-1234567')
    assert.deepEqual(parseReceiptNumber('RCPT-2083/84-000123'), {
      fiscalYear: '2083/84',
      sequence: 123,
    })
    assert.isNull(parseReceiptNumber('RCPT-2083/85-000123'))
    assert.isNull(parseReceiptNumber('RCPT-2083/84-123'))
    assert.isNull(parseReceiptNumber('RCPT-2083/84-000000'))
    assert.throws(() => formatReceiptNumber('2083/84', 0), RangeError)
    assert.throws(() => formatReceiptNumber('2083/84', 1.5), RangeError)
    assert.throws(() => formatReceiptNumber('2083-84', 1), RangeError)
  })

  test('receipt numbers are deterministic', ({ assert }) => {
    const first = evaluateDonation(donation(), LIMITS, 99)
    const second = evaluateDonation(donation(), LIMITS, 99)
    assert.deepEqual(first, second)
  })
})

test.group('Donation rules | exact codes, fields and patterns', () => {
  test('every violation names the field it is about', ({ assert }) => {
    const check = (input: DonationInput, expected: string[]) =>
      assert.deepEqual(problems(evaluateDonation(input, LIMITS, 1)), expected)

    check(donation({ donor: { ...citizen, type: 'alien' as DonorType } }), [
      'unknown_donor_type@donor.type',
    ])
    check(donation({ donor: { ...citizen, type: 'ngo' } }), ['prohibited_donor@donor.type'])
    check(donation({ donor: { ...citizen, citizenshipNumber: 'x' } }), [
      'invalid_citizenship_number@donor.citizenshipNumber',
    ])
    check(donation({ donor: { ...company, pan: '1' } }), ['invalid_pan@donor.pan'])
    check(donation({ donor: { ...citizen, pan: '1' } }), ['invalid_pan@donor.pan'])
    check(donation({ donor: { ...company, pan: ' ' } }), ['anonymous_donor@donor.pan'])
    check(donation({ donor: { ...citizen, citizenshipNumber: ' ' } }), [
      'anonymous_donor@donor.citizenshipNumber',
    ])
    check(donation({ donor: { ...citizen, name: ' ' } }), ['anonymous_donor@donor.name'])
    check(donation({ amountPaisa: 0 }), ['invalid_amount@amountPaisa'])
    check(donation({ paymentMethod: 'gold' as PaymentMethod }), [
      'unknown_payment_method@paymentMethod',
    ])
    check(donation({ amountPaisa: 30_000 * RUPEE }), ['cash_above_limit@paymentMethod'])
    check(donation({ receivedOn: { year: 2026, month: 7, day: 16 } }), [
      'fiscal_year_mismatch@receivedOn',
    ])
  })

  test('every placeholder name, in any case and spacing, is anonymous', ({ assert }) => {
    const placeholders = ['anon', 'na', 'N/A', 'none', 'nil', '-', 'गुमनाम', 'बेनामी']
    for (const name of [...placeholders, 'नाम  नखुलेको', '  UNKNOWN ', 'Anonymous\t']) {
      const decision = evaluateDonation(donation({ donor: { ...citizen, name } }), LIMITS, 1)
      assert.deepEqual(codes(decision), ['anonymous_donor'], name)
    }
    for (const name of ['Na Ram', 'Anon Kumar', 'Nil Bahadur Gurung', '  Sita   Sharma ']) {
      assert.isTrue(evaluateDonation(donation({ donor: { ...citizen, name } }), LIMITS, 1).ok, name)
    }
  })

  test('citizenship numbers: digits with separators, nothing around them', ({ assert }) => {
    for (const valid of ['123', '27-01-71-01234', '123/456', ' 27 01 71 01234 ', '२७-०१']) {
      assert.isTrue(isValidCitizenshipNumber(valid), valid)
    }
    // Too short (under 3 characters) is refused as well as anything around the digits.
    for (const invalid of [
      '7',
      '12',
      'x',
      'x7',
      '7x',
      'No. 1234',
      '1234 A',
      '-1234',
      '1234-',
      'A',
      '',
    ]) {
      assert.isFalse(isValidCitizenshipNumber(invalid), invalid)
    }
  })

  test('a zero limit is allowed: every cash donation then needs a bank', ({ assert }) => {
    const zero: DonationLimits = { ...LIMITS, cashLimitPaisa: 0, disclosureThresholdPaisa: 0 }
    assert.deepEqual(codes(evaluateDonation(donation({ amountPaisa: 1 }), zero, 1)), [
      'cash_above_limit',
    ])
    const banked = evaluateDonation(donation({ amountPaisa: 1, paymentMethod: 'cheque' }), zero, 1)
    assert.include(banked, { ok: true, isAboveLimit: true, requiresDisclosure: true })
  })

  test('limits errors say which limit is wrong', ({ assert }) => {
    assert.throws(
      () => evaluateDonation(donation(), { ...LIMITS, disclosureThresholdPaisa: -5 }, 1),
      'DonationLimits.disclosureThresholdPaisa must be a non-negative integer (paisa), got -5'
    )
    assert.throws(
      () => evaluateDonation(donation(), { ...LIMITS, fiscalYear: '2083/85' }, 1),
      /Invalid fiscal year label "2083\/85"/
    )
    assert.throws(
      () => formatReceiptNumber('2083/84', -3),
      'Receipt sequence must be a positive integer, got -3'
    )
  })

  test('receipt numbers parse only when the whole text matches', ({ assert }) => {
    assert.isNull(parseReceiptNumber('garbage'))
    assert.isNull(parseReceiptNumber('X-RCPT-2083/84-000123'))
    assert.isNull(parseReceiptNumber('RCPT-2083/84-000123 '))
    assert.isNull(parseReceiptNumber('RCPT-2083/84-000123x'))
    assert.deepEqual(parseReceiptNumber('RCPT-2099/00-1234567'), {
      fiscalYear: '2099/00',
      sequence: 1_234_567,
    })
  })
})
