import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import {
  ALLOWED_DONOR_TYPES,
  DEFAULT_DONATION_LIMITS,
  evaluateDonation,
  PROHIBITED_DONOR_CLAUSES,
  PROHIBITED_DONOR_TYPES,
  PROHIBITION_CLAUSES,
  type DonationDecision,
  type DonationInput,
} from '#party/donations/donation_rules'
import {
  citizenshipNumberKey,
  isValidCitizenshipNumber,
  normalizeCitizenshipNumber,
} from '#party/identity/citizenship_number'
import { donationProblemMessageKey } from '#actions/donations/record_donation'
import { memberValidator } from '#validators/member'

const LIMITS = DEFAULT_DONATION_LIMITS

function decide(donor: DonationInput['donor']): DonationDecision {
  return evaluateDonation({ donor, amountPaisa: 1_000_00, paymentMethod: 'cash' }, LIMITS, 1)
}

test.group('Donations | s.38(2) prohibited donors, clause by clause', () => {
  test('each prohibited donor type is refused under its own clause')
    .with([
      ['government_body', 'a'],
      ['public_enterprise', 'b'],
      ['public_company', 'c'],
      ['educational_institution', 'd'],
      ['ngo', 'e'],
      ['ingo', 'e'],
      ['foreign_government', 'f'],
      ['foreign_individual', 'f'],
      ['foreign_organisation', 'f'],
    ] as const)
    .run(({ assert }, [type, clause]) => {
      const decision = decide({ type, name: 'Some Body', pan: '301234567' })
      assert.deepEqual(decision.ok ? [] : decision.violations, [
        { code: 'prohibited_donor', field: 'donor.type', clause },
      ])
    })

  test('the clause table covers exactly the prohibited types, with clauses (a)–(f)', ({
    assert,
  }) => {
    assert.sameMembers(Object.keys(PROHIBITED_DONOR_CLAUSES), [...PROHIBITED_DONOR_TYPES])
    assert.deepEqual([...PROHIBITION_CLAUSES], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
    assert.sameMembers(
      [...new Set(Object.values(PROHIBITED_DONOR_CLAUSES))],
      ['a', 'b', 'c', 'd', 'e', 'f']
    )
  })

  test('(d) bars public and community institutions only: a private school may give', ({
    assert,
  }) => {
    assert.include([...ALLOWED_DONOR_TYPES], 'private_educational_institution')
    const privateSchool = decide({
      type: 'private_educational_institution',
      name: 'Everest English Boarding School Pvt. Ltd.',
      pan: '601234567',
    })
    assert.isTrue(privateSchool.ok)
    const withoutPan = decide({ type: 'private_educational_institution', name: 'Everest School' })
    assert.deepEqual(withoutPan.ok ? [] : withoutPan.violations, [
      { code: 'anonymous_donor', field: 'donor.pan', clause: 'g' },
    ])
  })

  test('(g) an unnamed donor is refused under clause (g)', ({ assert }) => {
    const decision = decide({ type: 'individual', name: 'Anonymous', citizenshipNumber: '1234' })
    assert.deepEqual(decision.ok ? [] : decision.violations, [
      { code: 'anonymous_donor', field: 'donor.name', clause: 'g' },
    ])
    // A named individual without a citizenship number is just as anonymous.
    const noNumber = decide({ type: 'individual', name: 'Sita Sharma', citizenshipNumber: ' ' })
    assert.deepEqual(noNumber.ok ? [] : noNumber.violations, [
      { code: 'anonymous_donor', field: 'donor.citizenshipNumber', clause: 'g' },
    ])
  })

  test('every refusal message cites its clause, in English and Nepali', async ({ assert }) => {
    await i18nManager.loadTranslations()
    const en = i18nManager.locale('en')
    const ne = i18nManager.locale('ne')
    const nepaliLetters: Record<string, string> = {
      a: 'क',
      b: 'ख',
      c: 'ग',
      d: 'घ',
      e: 'ङ',
      f: 'च',
      g: 'छ',
      h: 'ज',
    }
    for (const clause of PROHIBITION_CLAUSES) {
      const key = donationProblemMessageKey({
        code: 'prohibited_donor',
        field: 'donorType',
        clause,
      })
      assert.equal(key, `donations.problems.prohibited_donor.${clause}`)
      assert.include(en.t(key, { reference: 'EC notice 12' }), `s.38(2)(${clause})`)
      assert.include(ne.t(key, { reference: 'EC notice 12' }), `३८(२)(${nepaliLetters[clause]})`)
    }
    assert.include(en.t('donations.problems.cash_above_limit', { limit: '25000' }), 's.38(3)')
    assert.include(
      ne.t('donations.problems.cash_above_limit', { limit: '२५,०००' }),
      'रु. २५,००० भन्दा बढीको चन्दा चेक वा बैंक'
    )
  })

  test('every problem code has a message in both languages', async ({ assert }) => {
    const load = async (locale: string) =>
      JSON.parse(await readFile(app.languageFilesPath(locale, 'donations.json'), 'utf8'))
    const en = await load('en')
    const ne = await load('ne')
    assert.sameMembers(Object.keys(ne.problems), Object.keys(en.problems))
    assert.sameMembers(Object.keys(ne.problems.prohibited_donor), [...PROHIBITION_CLAUSES])
    assert.sameMembers(Object.keys(en.problems.prohibited_donor), [...PROHIBITION_CLAUSES])
  })
})

test.group('Citizenship numbers | one rule for donations and members', () => {
  const valid = ['27-01-71-01234', '123456', '1234/567', '27 01 71 01234', '२७-०१-७१-०१२३४', '123']
  const invalid = ['12', 'ABC', '27--01', '-2701', '2701-', '27-01a', '१२', '1'.repeat(31), '२७_०१']

  test('accepts printed forms and refuses the rest', ({ assert }) => {
    for (const value of valid) assert.isTrue(isValidCitizenshipNumber(value), value)
    for (const value of invalid) assert.isFalse(isValidCitizenshipNumber(value), value)
    assert.isTrue(isValidCitizenshipNumber('1'.repeat(30)))
  })

  test('normalises to ASCII and keys on the digits alone', ({ assert }) => {
    assert.equal(normalizeCitizenshipNumber('  २७-०१  ७१ '), '27-01 71')
    assert.equal(citizenshipNumberKey('27-01-71-01234'), '27017101234')
    assert.equal(citizenshipNumberKey('२७/०१/७१/०१२३४'), '27017101234')
  })

  test('the donation check and the member validator agree on every sample', async ({ assert }) => {
    await i18nManager.loadTranslations()
    const member = {
      full_name: 'Sita Sharma',
      gender: 'female',
      province_id: 3,
      district_id: 27,
      local_level_id: 307,
      ward_number: 1,
      membership_type: 'general',
      // The rest of a valid member (issuing district and age are required too).
      citizenship_issue_district_id: 27,
      date_of_birth: '1990-01-01',
    }
    for (const value of [...valid, ...invalid]) {
      const donation = decide({ type: 'individual', name: 'Sita Sharma', citizenshipNumber: value })
      let memberOk = true
      try {
        await memberValidator.validate({ ...member, citizenship_number: value })
      } catch {
        memberOk = false
      }
      assert.equal(memberOk, donation.ok, value)
      assert.equal(memberOk, isValidCitizenshipNumber(value), value)
    }
  })

  test('the member validator stores the normalised number and explains a bad one in Nepali', async ({
    assert,
  }) => {
    await i18nManager.loadTranslations()
    const base = {
      full_name: 'Sita Sharma',
      gender: 'female',
      province_id: 3,
      district_id: 27,
      local_level_id: 307,
      ward_number: 1,
      membership_type: 'general',
      // The rest of a valid member (issuing district and age are required too).
      citizenship_issue_district_id: 27,
      date_of_birth: '1990-01-01',
    }
    const ok = await memberValidator.validate({ ...base, citizenship_number: ' २७-०१-७१ ' })
    assert.equal(ok.citizenship_number, '27-01-71')
    try {
      await memberValidator.validate(
        { ...base, citizenship_number: 'AB-12' },
        { messagesProvider: i18nManager.locale('ne').createMessagesProvider() }
      )
      assert.fail('should refuse')
    } catch (error) {
      assert.include(
        JSON.stringify((error as { messages: unknown }).messages),
        'नागरिकता प्रमाणपत्रमा'
      )
    }
  })
})
