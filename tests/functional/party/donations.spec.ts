import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import {
  recordDonation,
  REFUSE_SPLIT_CASH_SETTING,
  type RecordDonationInput,
  type RecordDonationResult,
} from '#actions/donations/record_donation'
import { dropTenant } from '#tests/helpers/tenancy'

/** "Now" for every test: 28 Nov 2026 (Mangsir 2083), fiscal year 2083/84. */
const NOW = new Date('2026-11-28T06:00:00Z')
let donorCounter = 0

/** A fresh citizen donor per call, so tests sharing the tenant never add up each other's cash. */
function citizen(overrides: Partial<RecordDonationInput> = {}): RecordDonationInput {
  donorCounter += 1
  return {
    donorType: 'individual',
    donorName: 'Sita Sharma',
    citizenshipNumber: `27-01-71-${String(10_000 + donorCounter)}`,
    amount: '5000',
    paymentMethod: 'cash',
    received: { calendar: 'bs', date: '2083-08-01' },
    ...overrides,
  }
}

function accepted(result: RecordDonationResult) {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`)
  return result.donation
}

function codes(result: RecordDonationResult) {
  return result.ok ? [] : result.problems.map((problem) => problem.code)
}

test.group('Donations | recordDonation in a real party', (group) => {
  let party: Tenant
  const record = (input: RecordDonationInput, now = NOW) =>
    tenancy.run(party, () => recordDonation(input, { now }))
  const sql = async <T = Record<string, unknown>>(
    query: string,
    bindings: Array<string | number> = []
  ) =>
    tenancy.run(party, async () => {
      const result = await tenancy.db().rawQuery(query, bindings)
      return result.rows as T[]
    })
  const donationCount = async () => {
    const [row] = await sql<{ n: number }>('select count(*)::int as n from donations')
    return row.n
  }

  group.setup(async () => {
    party = await createTenant({
      slug: `don-${randomBytes(3).toString('hex')}`,
      name: 'Donation Party',
      template: 'political_party_nepal',
    })
    await provisioner.provision(party)
  })

  group.teardown(async () => {
    await dropTenant(party)
  })

  test('records a donation with its receipt, flags and audit row in one go', async ({ assert }) => {
    const donor = citizen({
      amount: '5,000.50',
      recordedBy: null,
      ecReferenceNumber: ' EC-2083-17 ',
      audit: { ipAddress: '203.0.113.7', userAgent: 'test-agent' },
    })
    const donation = accepted(await record(donor))
    assert.match(donation.receiptNumber, /^RCPT-2083\/84-\d{6}$/)
    assert.include(donation, {
      fiscalYear: '2083/84',
      receivedOnBs: '2083-08-01',
      receivedOn: '2026-11-17',
      amountPaisa: 500_050,
      isAboveLimit: false,
      requiresDisclosure: false,
      splitSuspected: false,
      donorCashTotalPaisa: 500_050,
      cashLimitPaisa: 2_500_000,
      limitsFiscalYear: '2083/84',
    })

    const [row] = await sql('select * from donations where id = ?', [donation.id])
    assert.include(row, {
      amount: '5000.50',
      donor_citizenship_number: donor.citizenshipNumber,
      donor_citizenship_key: donor.citizenshipNumber!.replaceAll('-', ''),
      ec_reference_number: 'EC-2083-17',
      receipt_number: donation.receiptNumber,
      split_suspected: false,
      donor_cash_total: '5000.50',
    })
    const audits = await sql<Record<string, any>>(
      `select action, auditable_type, user_agent, host(ip_address) as ip, new_values
         from audit_logs where auditable_type = 'donations' and auditable_id = ?`,
      [donation.id]
    )
    assert.lengthOf(audits, 1)
    assert.include(audits[0], {
      action: 'created',
      auditable_type: 'donations',
      user_agent: 'test-agent',
      ip: '203.0.113.7',
    })
    assert.include(audits[0].new_values, {
      amount: '5000.50',
      receipt_number: donation.receiptNumber,
      received_on_bs: '2083-08-01',
    })
  })

  test('receipt numbers run per fiscal year, and a refusal uses none (s.38(4))', async ({
    assert,
  }) => {
    const first = accepted(await record(citizen()))
    const refused = await record(citizen({ donorName: 'Anonymous' }))
    assert.deepEqual(codes(refused), ['anonymous_donor'])
    const second = accepted(await record(citizen()))
    const sequence = (receipt: string) => Number(receipt.split('-').at(-1))
    assert.equal(sequence(second.receiptNumber), sequence(first.receiptNumber) + 1)

    // Fiscal year 2084/85 (in force from Shrawan 2084) starts its own series at 1.
    const later = new Date('2027-08-01T06:00:00Z')
    const nextYear = accepted(
      await record(citizen({ received: { calendar: 'ad', date: '2027-07-20' } }), later)
    )
    assert.equal(nextYear.receiptNumber, 'RCPT-2084/85-000001')
  })

  test('s.38(3): cash up to the limit, above it only by cheque or bank transfer', async ({
    assert,
  }) => {
    accepted(await record(citizen({ amount: '25000' })))
    const over = await record(citizen({ amount: '25000.01' }))
    assert.deepEqual(over.ok ? [] : over.problems, [
      { code: 'cash_above_limit', field: 'paymentMethod', params: { limit: '25000' } },
    ])
    const wallet = await record(citizen({ amount: '30000', paymentMethod: 'digital_wallet' }))
    assert.deepEqual(codes(wallet), ['cash_above_limit'])
    const banked = accepted(
      await record(
        citizen({ amount: '30000', paymentMethod: 'bank_transfer', bankReference: 'NIC-991' })
      )
    )
    assert.include(banked, { isAboveLimit: true, splitSuspected: false, donorCashTotalPaisa: null })
    const noReference = await record(citizen({ amount: '30000', paymentMethod: 'cheque' }))
    assert.deepEqual(codes(noReference), ['bank_reference_required'])
  })

  test('s.38(2): prohibited donors are refused with their clause and nothing is written', async ({
    assert,
  }) => {
    const before = await donationCount()
    for (const [donorType, clause] of [
      ['government_body', 'a'],
      ['public_enterprise', 'b'],
      ['public_company', 'c'],
      ['educational_institution', 'd'],
      ['ngo', 'e'],
      ['foreign_individual', 'f'],
    ]) {
      const result = await record(citizen({ donorType, pan: '301234567', donorName: 'Some Body' }))
      assert.deepEqual(
        result.ok ? [] : result.problems,
        [{ code: 'prohibited_donor', field: 'donorType', clause }],
        donorType
      )
    }
    const unnamed = await record(citizen({ donorName: 'अज्ञात' }))
    assert.deepEqual(unnamed.ok ? [] : unnamed.problems, [
      { code: 'anonymous_donor', field: 'donorName', clause: 'g' },
    ])
    accepted(
      await record({
        donorType: 'private_educational_institution',
        donorName: 'Everest Boarding School Pvt. Ltd.',
        pan: '६०१२३४५६७',
        amount: '10000',
        paymentMethod: 'cash',
        received: { calendar: 'bs', date: '2083-08-01' },
      })
    )
    assert.equal(await donationCount(), before + 1)
  })

  test('s.38(2)(h): donors on the party’s list of Commission designations are refused', async ({
    assert,
  }) => {
    await sql(
      `insert into designated_prohibited_donors (name, pan, citizenship_number, ec_reference) values
         ('Blacklisted Traders Pvt. Ltd.', '309999999', null, 'EC decision 2083-05-12'),
         ('Hari Prasad', null, '11-22-33-44444', 'EC notice 7'),
         ('Shadow Fund', null, null, null)`
    )
    const byPan = await record({
      donorType: 'private_organisation',
      donorName: 'Renamed Traders',
      pan: '309999999',
      amount: '1000',
      paymentMethod: 'cash',
      received: { calendar: 'bs', date: '2083-08-01' },
    })
    assert.deepEqual(byPan.ok ? [] : byPan.problems, [
      {
        code: 'prohibited_donor',
        field: 'donorName',
        clause: 'h',
        params: { reference: 'EC decision 2083-05-12' },
      },
    ])
    // The same citizenship number written with other separators and Devanagari digits.
    const byCitizenship = await record(
      citizen({ donorName: 'H. P. Sharma', citizenshipNumber: '११/२२/३३/४४४४४' })
    )
    assert.deepEqual(codes(byCitizenship), ['prohibited_donor'])
    const byBareName = await record(
      citizen({
        donorType: 'private_organisation',
        donorName: '  shadow   FUND ',
        pan: '301111111',
      })
    )
    assert.deepEqual(byBareName.ok ? [] : byBareName.problems, [
      {
        code: 'prohibited_donor',
        field: 'donorName',
        clause: 'h',
        params: { reference: 'Shadow Fund' },
      },
    ])
    // A donor with no name and no identity is refused under (g) alone, not matched to the list.
    const unnamed = await record(citizen({ donorName: '-', citizenshipNumber: null }))
    assert.deepEqual(codes(unnamed), ['anonymous_donor', 'anonymous_donor'])
    // A namesake of a donor designated by citizenship number may give.
    accepted(await record(citizen({ donorName: 'Hari Prasad' })))
  })

  test('splitting: cash of one donor adds up over the fiscal year and is flagged with the total', async ({
    assert,
  }) => {
    const donor = citizen()
    const first = accepted(await record({ ...donor, amount: '15000' }))
    assert.include(first, { splitSuspected: false, donorCashTotalPaisa: 1_500_000 })
    // Banked money does not count towards the cash total.
    accepted(
      await record({ ...donor, amount: '50000', paymentMethod: 'cheque', bankReference: 'CHQ-1' })
    )
    // Exactly the limit in total is still fine.
    const second = accepted(await record({ ...donor, amount: '10000' }))
    assert.include(second, { splitSuspected: false, donorCashTotalPaisa: 2_500_000 })
    // The same person, number written differently: one paisa more is flagged.
    const third = accepted(
      await record({
        ...donor,
        citizenshipNumber: donor.citizenshipNumber!.replaceAll('-', '/'),
        amount: '0.01',
        paymentMethod: 'digital_wallet',
      })
    )
    assert.include(third, { splitSuspected: true, donorCashTotalPaisa: 2_500_001 })
    const [row] = await sql(
      'select split_suspected, donor_cash_total from donations where id = ?',
      [third.id]
    )
    assert.deepEqual({ ...row }, { split_suspected: true, donor_cash_total: '25000.01' })

    // Another donor and another fiscal year start from zero.
    assert.include(accepted(await record(citizen({ amount: '20000' }))), { splitSuspected: false })
    const later = new Date('2027-08-01T06:00:00Z')
    const nextYear = accepted(
      await record({ ...donor, received: { calendar: 'ad', date: '2027-07-20' } }, later)
    )
    assert.include(nextYear, { splitSuspected: false, donorCashTotalPaisa: 500_000 })
  })

  test('splitting by an organisation is keyed on its PAN', async ({ assert }) => {
    const company = {
      donorType: 'private_organisation',
      pan: '302222222',
      paymentMethod: 'cash',
      received: { calendar: 'bs' as const, date: '2083-08-02' },
    }
    accepted(await record({ ...company, donorName: 'Himal Traders', amount: '15000' }))
    const split = accepted(
      await record({ ...company, donorName: 'Himal Traders Pvt. Ltd.', amount: '15000' })
    )
    assert.include(split, { splitSuspected: true, donorCashTotalPaisa: 3_000_000 })
  })

  test('a party that refuses splitting gets the refusal with the totals, and nothing is stored', async ({
    assert,
  }) => {
    await sql(`insert into party_settings (key, value) values (?, 'true'::jsonb)`, [
      REFUSE_SPLIT_CASH_SETTING,
    ])
    try {
      const donor = citizen()
      accepted(await record({ ...donor, amount: '15000' }))
      const before = await donationCount()
      const refused = await record({ ...donor, amount: '15000' })
      assert.deepEqual(refused.ok ? [] : refused.problems, [
        {
          code: 'split_cash_refused',
          field: 'amount',
          params: { previous: '15000', total: '30000', limit: '25000' },
        },
      ])
      assert.equal(await donationCount(), before)
      accepted(await record({ ...donor, amount: '10000' }))
    } finally {
      await sql(`delete from party_settings where key = ?`, [REFUSE_SPLIT_CASH_SETTING])
    }
  })

  test('concurrent cash donations of one donor cannot all slip under the limit', async ({
    assert,
  }) => {
    const donor = citizen()
    const results = await Promise.all([1, 2, 3, 4].map(() => record({ ...donor, amount: '10000' })))
    const totals = results.map((result) => accepted(result).donorCashTotalPaisa).sort()
    assert.deepEqual(totals, [1_000_000, 2_000_000, 3_000_000, 4_000_000])
    assert.equal(results.filter((result) => accepted(result).splitSuspected).length, 2)
    const receipts = new Set(results.map((result) => accepted(result).receiptNumber))
    assert.equal(receipts.size, 4)
  })

  test('a fiscal year without limits carries the last ones forward; none at all refuses', async ({
    assert,
  }) => {
    const later = new Date('2027-08-01T06:00:00Z')
    const carried = accepted(
      await record(citizen({ received: { calendar: 'bs', date: '2084-04-04' } }), later)
    )
    assert.include(carried, {
      fiscalYear: '2084/85',
      limitsFiscalYear: '2083/84',
      cashLimitPaisa: 2_500_000,
    })
    const over = await record(
      citizen({ amount: '25000.01', received: { calendar: 'bs', date: '2084-04-04' } }),
      later
    )
    assert.deepEqual(codes(over), ['cash_above_limit'])

    const early = await record(citizen({ received: { calendar: 'bs', date: '2081-05-01' } }))
    assert.deepEqual(early.ok ? [] : early.problems, [
      { code: 'no_donation_limits', field: 'received', params: { fiscalYear: '2081/82' } },
    ])
  })

  test('the fiscal year of the moment is Nepal time: 18:15 UTC on 16 July 2026 is Shrawan 1', async ({
    assert,
  }) => {
    await sql(
      `insert into donation_limits (fiscal_year, cash_limit, disclosure_threshold)
         values ('2082/83', 20000, 20000) on conflict (fiscal_year) do nothing`
    )
    const at = (iso: string) => citizen({ received: { at: new Date(iso) } })
    const lastMinute = accepted(await record(at('2026-07-16T18:14:00Z')))
    const firstMinute = accepted(await record(at('2026-07-16T18:15:00Z')))
    const halfPast = accepted(await record(at('2026-07-16T18:45:00Z')))
    assert.include(lastMinute, { fiscalYear: '2082/83', receivedOnBs: '2083-03-32' })
    assert.match(lastMinute.receiptNumber, /^RCPT-2082\/83-/)
    assert.include(firstMinute, { fiscalYear: '2083/84', receivedOnBs: '2083-04-01' })
    assert.include(halfPast, { fiscalYear: '2083/84', receivedOn: '2026-07-17' })
    // The old year's own limit applied to the last minute: Rs 20,000.01 in cash is refused.
    const overOld = await record({ ...at('2026-07-16T18:14:00Z'), amount: '20000.01' })
    assert.deepEqual(codes(overOld), ['cash_above_limit'])
  })

  test('amounts are refused before anything is written: NaN, Infinity, zero, decimals, huge', async ({
    assert,
  }) => {
    const before = await donationCount()
    const cases: Array<[unknown, string]> = [
      ['NaN', 'amount_format'],
      [Number.NaN, 'amount_format'],
      ['Infinity', 'amount_format'],
      ['0', 'amount_not_positive'],
      ['-500', 'amount_not_positive'],
      ['10.005', 'amount_precision'],
      ['99999999999999', 'amount_too_large'],
      ['১০০', 'amount_digits'],
    ]
    for (const [amount, code] of cases) {
      const result = await record(citizen({ amount: amount as string }))
      assert.deepEqual(codes(result), [code], String(amount))
    }
    assert.deepEqual(codes(await record(citizen({ currency: 'USD' }))), ['unsupported_currency'])
    assert.equal(
      accepted(
        await record(
          citizen({ amount: '१,००,०००', paymentMethod: 'bank_transfer', bankReference: 'X-1' })
        )
      ).amountPaisa,
      10_000_000
    )
    assert.equal(await donationCount(), before + 1)
  })
})

test.group('Donations | the database enforces the rules too', (group) => {
  let party: Tenant
  const sql = async (query: string) =>
    tenancy.run(party, async () => {
      const result = await tenancy.db().rawQuery(query)
      return result.rows
    })
  const row = (fiscalYear: string, receivedOnBs: string, amount: string, method = 'cash') => ({
    fiscal_year: fiscalYear,
    donor_type: 'individual',
    donor_name: 'Ram Thapa',
    donor_citizenship_number: '27-01-74-05678',
    amount,
    payment_method: method,
    receipt_number: `DB-${randomBytes(4).toString('hex')}`,
    received_on_bs: receivedOnBs,
    received_on: '2027-08-01',
  })
  const insert = (values: Record<string, unknown>) =>
    tenancy.run(party, () => tenancy.db().table('donations').insert(values).returning('*'))

  group.setup(async () => {
    party = await createTenant({
      slug: `dondb-${randomBytes(3).toString('hex')}`,
      name: 'Trigger Party',
      template: 'political_party_nepal',
    })
    await provisioner.provision(party)
  })

  group.teardown(async () => {
    await dropTenant(party)
  })

  test('NaN is refused in amounts and limits (it passes amount > 0)', async ({ assert }) => {
    await assert.rejects(
      () => insert(row('2083/84', '2083-08-01', 'NaN', 'bank_transfer')),
      /donations_amount_not_nan/
    )
    await assert.rejects(
      () => sql(`update donation_limits set cash_limit = 'NaN'`),
      /donation_limits_cash_limit_not_nan/
    )
    await assert.rejects(
      () => sql(`update donation_limits set disclosure_threshold = 'NaN'`),
      /donation_limits_disclosure_threshold_not_nan/
    )
    await assert.rejects(
      () =>
        sql(
          `insert into financial_reports (fiscal_year, report_type, total_income) values ('2083/84', 'annual', 'NaN')`
        ),
      /financial_reports_total_income_not_nan/
    )
    await assert.rejects(() => insert(row('2083/84', '2083-08-01', 'Infinity')), /overflow/)
  })

  test('the NaN migration stops on a database already holding NaN, naming the rows', async ({
    assert,
  }) => {
    const { default: NanChecks } =
      await import('#database/migrations/tenant/templates/political_party_nepal/0030_add_money_nan_checks')
    await tenancy.run(party, async () => {
      const trx = await tenancy.db().transaction()
      try {
        // The state before 0030: no check, a NaN donation stored.
        await trx.rawQuery('alter table donations drop constraint donations_amount_not_nan')
        const [stored] = await trx
          .insertQuery()
          .table('donations')
          .insert(row('2083/84', '2083-08-01', 'NaN', 'bank_transfer'))
          .returning('id')
        const migration = new NanChecks(trx, '0030_add_money_nan_checks', false)
        const failure = await migration.execUp().then(
          () => 'migrated',
          (error: Error) => error.message
        )
        assert.include(
          failure,
          `donations.amount is NaN in rows with id ${stored.id}; correct them, then migrate again`
        )
      } finally {
        await trx.rollback()
      }
    })
  })

  test('the trigger carries the last limits forward into a year without a row', async ({
    assert,
  }) => {
    // 2085/86 has no limits row; 2083/84's Rs 25,000 carries forward.
    await assert.rejects(
      () => insert(row('2085/86', '2085-05-01', '25000.01')),
      /above the cash limit of Rs 25000\.00 for fiscal year 2085\/86/
    )
    const [cash] = await insert(row('2085/86', '2085-05-01', '25000.00'))
    assert.isFalse(cash.is_above_limit)
    const [banked] = await insert(row('2085/86', '2085-05-01', '25000.01', 'bank_transfer'))
    assert.isTrue(banked.is_above_limit)
    // A raised limit in a later year's own row is used for that year.
    await sql(
      `insert into donation_limits (fiscal_year, cash_limit, disclosure_threshold) values ('2086/87', 50000, 50000)`
    )
    const [raised] = await insert(row('2086/87', '2086-05-01', '40000'))
    assert.isFalse(raised.is_above_limit)
  })

  test('the trigger refuses a donation when no year up to it has limits', async ({ assert }) => {
    await assert.rejects(
      () => insert(row('2080/81', '2080-05-01', '100')),
      /no donation_limits row for fiscal year 2080\/81/
    )
  })

  test('only allowed donor types are stored; a private educational institution is one', async ({
    assert,
  }) => {
    const refusal = await insert({
      ...row('2083/84', '2083-08-01', '100'),
      donor_type: 'public_company',
      donor_pan: '301234567',
    }).then(
      () => 'stored',
      (error: Error) => error.message
    )
    assert.match(refusal, /donations_donor_type_check/)
    const [school] = await insert({
      ...row('2083/84', '2083-08-01', '100'),
      donor_type: 'private_educational_institution',
      donor_pan: '601234567',
    })
    assert.equal(school.donor_type, 'private_educational_institution')
    assert.equal(school.donor_citizenship_key, '27017405678')
  })
})
