import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { storeEntry, type RawEntry } from '#actions/finance/finance_entries'
import { advanceSubmission, generateFinancialReport } from '#actions/finance/financial_reports'
import { recordDonation } from '#actions/donations/record_donation'
import { previousPeriod, resolvePeriod } from '#party/finance/report_period'
import type { AuditActor } from '#party/audit/audit_trail'
import { dropTenant } from '#tests/helpers/tenancy'
import { addDemoMembers } from '#party/members/demo_members'
import { signedInStaff as signedIn } from '#tests/helpers/portal'

/** "Now" of the action calls: 28 Nov 2026 (Mangsir 2083), fiscal year 2083/84. */
const NOW = new Date('2026-11-28T06:00:00Z')
const ACTOR: AuditActor = { userId: null, ipAddress: '203.0.113.9', userAgent: 'spec' }

let voucher = 0
const spend = (category: string, amount: string, date: string): RawEntry => ({
  category,
  amount,
  date,
  payee_name: 'Payee',
  voucher_number: `V-${++voucher}`,
  payment_method: 'cash',
})
const receive = (source: string, amount: string, date: string): RawEntry => ({
  source,
  amount,
  date,
  payment_method: 'cash',
})

/**
 * Financial reports: exact sums in paisa, periods (fiscal year, quarters),
 * balances carried from the previous period, saving and regenerating, the
 * Election Commission submission (forward only), CSV, who may do what, and
 * two parties kept apart.
 */
test.group('Financial reports', (group) => {
  const suffix = randomBytes(3).toString('hex')
  let party: Tenant
  let other: Tenant
  const run = <T>(fn: () => Promise<T>, tenant = party) => tenancy.run(tenant, fn)
  const store = async (kind: 'expenditure' | 'income', raw: RawEntry, tenant = party) => {
    const result = await run(() => storeEntry(kind, raw, ACTOR, { now: NOW }), tenant)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
  }
  const generate = async (fiscalYear: string, period: 'annual' | 'Q1' | 'Q2' | 'Q3' | 'Q4') => {
    const result = await run(() => generateFinancialReport(fiscalYear, period, ACTOR, { now: NOW }))
    if (!result.ok) throw new Error(JSON.stringify(result.problem))
    return result
  }
  const reportRow = (id: number, tenant = party) =>
    run(() => tenancy.db().from('financial_reports').where('id', id).firstOrFail(), tenant)
  const generatedRow = async (fiscalYear: string, period: 'annual' | 'Q1' | 'Q2') => {
    const { id } = await generate(fiscalYear, period)
    return reportRow(id)
  }
  const sql = (query: string, bindings: unknown[] = [], tenant = party) =>
    run(async () => {
      const result = await tenancy.db().rawQuery(query, bindings as any[])
      return result.rows
    }, tenant)

  group.setup(async () => {
    party = await createTenant({
      slug: `rep-a-${suffix}`,
      name: 'Unity Party',
      nameNe: 'एकता पार्टी',
      template: 'political_party_nepal',
    })
    other = await createTenant({
      slug: `rep-b-${suffix}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
    })
    await Promise.all([provisioner.provision(party), provisioner.provision(other)])
    await sql(
      `insert into donation_limits (fiscal_year, cash_limit, disclosure_threshold)
       values ('2082/83', 25000, 25000) on conflict do nothing`
    )
    // Fiscal year 2082/83: Rs 1,000.10 income and Rs 400.05 spent; its last day of Asar counts.
    await store('income', receive('membership_fees', '1000.10', '2082-04-01'))
    await store('expenditure', spend('office_rent', '400.05', '2083-03-32'))
    // 2083/84: Q1 (Shrawan–Ashwin) and Q2 (from Kartik 1).
    await store('income', receive('membership_fees', '0.10', '2083-04-01'))
    await store('income', receive('membership_fees', '0.20', '2083-06-31'))
    await store('income', receive('bank_interest', '12.34', '2083-07-01'))
    await store('expenditure', spend('office_supplies', '99,99,99,999.99', '2083-06-31'))
    await store('expenditure', spend('travel_transport', '0.01', '2083-07-01'))
    await run(() =>
      recordDonation(
        {
          donorType: 'individual',
          donorName: 'सीता शर्मा',
          citizenshipNumber: '27-01-71-55555',
          amount: '25000',
          paymentMethod: 'cash',
          received: { calendar: 'bs', date: '2083-05-15' },
        },
        { now: NOW }
      )
    )
    await run(() =>
      recordDonation(
        {
          donorType: 'private_organisation',
          donorName: 'Himal Traders Pvt Ltd',
          pan: '601234567',
          amount: '1,00,000.50',
          paymentMethod: 'bank_transfer',
          bankReference: 'NIC-77',
          received: { calendar: 'bs', date: '2083-07-02' },
        },
        { now: NOW }
      )
    )
  })

  group.teardown(async () => {
    await dropTenant(party)
    await dropTenant(other)
  })

  test('quarters: Q1 is Shrawan–Ashwin, Q4 is Baisakh–Asar of the next BS year', ({ assert }) => {
    const q1 = resolvePeriod('2083/84', 'Q1')
    assert.include(q1, { startAd: '2026-07-17', reportType: 'quarterly' })
    assert.deepEqual(q1.endBs, { year: 2083, month: 6, day: 31 })
    const q2 = resolvePeriod('2083/84', 'Q2')
    assert.deepEqual(q2.startBs, { year: 2083, month: 7, day: 1 })
    const q4 = resolvePeriod('2083/84', 'Q4')
    assert.deepEqual(q4.startBs, { year: 2084, month: 1, day: 1 })
    assert.equal(q4.endAd, resolvePeriod('2083/84', 'annual').endAd)
    assert.equal(resolvePeriod('२०८३/८४', 'annual').startAd, '2026-07-17')
    assert.deepEqual(previousPeriod('2083/84', 'Q1'), { fiscalYear: '2082/83', period: 'Q4' })
    assert.deepEqual(previousPeriod('2083/84', 'Q3'), { fiscalYear: '2083/84', period: 'Q2' })
    assert.deepEqual(previousPeriod('2083/84', 'annual'), {
      fiscalYear: '2082/83',
      period: 'annual',
    })
  })

  test('sums are exact in paisa, by head, with the boundaries in the right period', async ({
    assert,
  }) => {
    const q1 = await generatedRow('2083/84', 'Q1')
    assert.equal(q1.breakdown.income.membership_fees, 30, '0.10 + 0.20 = 0.30 exactly')
    assert.equal(q1.breakdown.income.bank_interest, 0, 'Kartik 1 is Q2')
    assert.equal(q1.breakdown.income.donations, 2_500_000)
    assert.equal(q1.breakdown.expenditure.office_supplies, 99_999_999_999)
    assert.equal(q1.breakdown.expenditure.travel_transport, 0)
    assert.equal(q1.total_income, '25000.30')
    assert.equal(q1.total_donations, '25000.00')
    assert.equal(q1.total_expenditure, '999999999.99')
    // Opening of Q1 = 2082/83: 1,000.10 − 400.05 (the last day of Asar is in the old year).
    assert.equal(q1.opening_balance_paisa, '60005')
    assert.equal(q1.closing_balance_paisa, String(60_005 + 2_500_030 - 99_999_999_999))
    assert.deepEqual(q1.breakdown.donations, {
      individualPaisa: 2_500_000,
      institutionalPaisa: 0,
      count: 1,
    })
    assert.equal(q1.breakdown.donors[0].name, 'सीता शर्मा')
    assert.match(q1.breakdown.donors[0].receiptNumber, /^RCPT-2083\/84-\d{6}$/)

    const q2 = await generatedRow('2083/84', 'Q2')
    assert.equal(q2.breakdown.income.bank_interest, 1234)
    assert.equal(q2.breakdown.expenditure.travel_transport, 1)
    assert.equal(q2.breakdown.donations.institutionalPaisa, 10_000_050)
    assert.equal(q2.breakdown.donors[0].kind, 'institutional')
    assert.equal(q2.opening_balance_paisa, q1.closing_balance_paisa, 'Q2 opens with Q1’s closing')
  })

  test('the opening balance of a year is the closing balance of the year before', async ({
    assert,
  }) => {
    const previous = await generatedRow('2082/83', 'annual')
    assert.equal(previous.opening_balance_paisa, '0')
    assert.equal(previous.closing_balance_paisa, '60005')
    assert.equal(previous.breakdown.expenditure.office_rent, 40_005)
    const current = await generatedRow('2083/84', 'annual')
    assert.equal(current.opening_balance_paisa, previous.closing_balance_paisa)
    assert.equal(
      current.closing_balance_paisa,
      String(60_005 + 30 + 1234 + 2_500_000 + 10_000_050 - 99_999_999_999 - 1)
    )
    assert.equal(current.period_start.toISOString().slice(0, 10), '2026-07-17')
    // The next year has not started: nothing to report yet.
    const future = await run(() =>
      generateFinancialReport('2084/85', 'annual', ACTOR, { now: NOW })
    )
    assert.deepEqual(future, { ok: false, problem: { code: 'period_in_future' } })
  })

  test('generating again updates the same draft row; new entries change the figures', async ({
    assert,
  }) => {
    const first = await generate('2083/84', 'Q2')
    const before = await reportRow(first.id)
    const again = await generate('2083/84', 'Q2')
    assert.equal(again.id, first.id)
    assert.isFalse(again.created)
    const same = await reportRow(first.id)
    assert.deepEqual(same.breakdown, before.breakdown)
    assert.equal(same.closing_balance_paisa, before.closing_balance_paisa)
    const rows = await sql(
      `select count(*)::int as n from financial_reports where fiscal_year = '2083/84' and period = 'Q2'`
    )
    assert.equal(rows[0].n, 1)

    await store('expenditure', spend('training', '500', '2083-08-05'))
    await generate('2083/84', 'Q2')
    const after = await reportRow(first.id)
    assert.equal(after.breakdown.expenditure.training, 50_000)
    assert.equal(
      BigInt(after.closing_balance_paisa),
      BigInt(before.closing_balance_paisa) - 50_000n
    )
    const audits = await sql(
      `select action from audit_logs where auditable_type = 'financial_reports' and auditable_id = ? order by id`,
      [first.id]
    )
    const actions = audits.map((row: { action: string }) => row.action)
    assert.equal(actions[0], 'created')
    assert.deepEqual(actions.slice(-2), ['updated', 'updated'])
  })

  test('submission goes draft → submitted → accepted, never back; filed books are closed', async ({
    assert,
  }) => {
    const { id } = await generate('2082/83', 'annual')
    const advance = (step: 'submit' | 'accept', input: Record<string, unknown>) =>
      run(() => advanceSubmission(id, step, input, ACTOR, { now: NOW }))

    assert.deepEqual(await advance('accept', { date: '2083-08-01' }), {
      ok: false,
      problems: [{ field: 'status', code: 'cannot_accept_draft' }],
    })
    assert.deepEqual(await advance('submit', { reference: ' ', date: '2083-08-01' }), {
      ok: false,
      problems: [{ field: 'reference', code: 'required' }],
    })
    assert.deepEqual(await advance('submit', { reference: 'EC-2083-551', date: '2083-08-01' }), {
      ok: true,
    })
    const submitted = await reportRow(id)
    assert.equal(submitted.status, 'submitted')
    assert.equal(submitted.ec_reference_number, 'EC-2083-551')
    assert.equal(submitted.submitted_to_ec_at.toISOString(), '2026-11-17T06:15:00.000Z')

    // Filed: not regenerated, and its period's entries cannot change.
    const regenerate = await run(() =>
      generateFinancialReport('2082/83', 'annual', ACTOR, { now: NOW })
    )
    assert.deepEqual(regenerate, {
      ok: false,
      problem: { code: 'report_filed', params: { status: 'submitted' } },
    })
    const late = await run(() =>
      storeEntry('expenditure', spend('other', '1', '2082-12-01'), ACTOR, { now: NOW })
    )
    assert.deepEqual(late.ok ? null : late.problems[0], {
      field: 'date',
      code: 'period_filed',
      params: { fiscalYear: '2082/83', period: 'annual' },
    })
    // The database itself keeps a submitted report's figures.
    await assert.rejects(
      () => sql(`update financial_reports set total_income = 1 where id = ?`, [id]),
      /a submitted report keeps its figures/
    )
    await assert.rejects(
      () => sql(`update financial_reports set status = 'draft' where id = ?`, [id]),
      /a submitted report keeps its figures/
    )

    assert.deepEqual(await advance('accept', { date: '2083-08-10' }), { ok: true })
    const accepted = await reportRow(id)
    assert.equal(accepted.status, 'accepted')
    assert.deepEqual(await advance('submit', { reference: 'again', date: '2083-08-11' }), {
      ok: false,
      problems: [{ field: 'status', code: 'cannot_submit_accepted' }],
    })
    await assert.rejects(
      () => sql(`update financial_reports set status = 'submitted' where id = ?`, [id]),
      /an accepted report cannot be changed/
    )
    await assert.rejects(
      () => sql(`delete from financial_reports where id = ?`, [id]),
      /a accepted report cannot be deleted/
    )
    // A draft cannot jump to accepted in the database either.
    const draft = await generate('2083/84', 'Q4').catch(() => null)
    assert.isNull(draft, 'Q4 2083/84 has not started on 28 Nov 2026')
    const { id: q1 } = await generate('2083/84', 'Q1')
    await assert.rejects(
      () =>
        sql(
          `update financial_reports set status = 'accepted', submitted_to_ec_at = now(), accepted_at = now() where id = ?`,
          [q1]
        ),
      /a draft must be submitted before it is accepted/
    )
  })

  test('pages: printable in English and Nepali, CSV, and who may do what', async ({ assert }) => {
    const treasurer = await signedIn(party, 'treasurer')
    const viewer = await signedIn(party, 'viewer')
    const [annual] = await sql(
      `select id from financial_reports where fiscal_year = '2083/84' and period = 'annual'`
    )

    const generated = await treasurer.agent.post(
      '/financial-reports',
      { fiscal_year: '२०८३/८४', period: 'annual' },
      { from: '/financial-reports' }
    )
    assert.equal(generated.location, `/financial-reports/${annual.id}`)
    const english = await treasurer.agent.textOf(`/financial-reports/${annual.id}`)
    assert.include(english, 'Report for 2083/84 (Whole fiscal year) generated.')
    assert.include(english, 'Statement of income and expenditure')
    assert.include(english, 'Membership and renewal fees')
    assert.include(english, 'Himal Traders Pvt Ltd')
    assert.match(english, /data-test="income-donations">1,25,000\.50</)
    assert.match(english, /data-test="opening">600\.05</)

    await treasurer.agent.switchLocale('ne')
    const nepali = await treasurer.agent.textOf(`/financial-reports/${annual.id}`)
    await treasurer.agent.switchLocale('en')
    assert.include(nepali, 'आय व्यय विवरण')
    assert.include(nepali, 'एकता पार्टी')
    assert.include(nepali, 'सदस्यता तथा नवीकरण शुल्क')
    assert.match(nepali, /data-test="income-donations">१,२५,०००\.५०</)
    assert.include(nepali, 'चन्दादाताको विवरण')

    assert.notInclude(english, 'data-test="stale"', 'just generated')
    await treasurer.agent.post(
      '/income',
      { source: 'other', amount: '1', payment_method: 'cash', date: '2083-08-01' },
      { from: '/income/new' }
    )
    const stale = await treasurer.agent.textOf(`/financial-reports/${annual.id}`)
    assert.include(stale, 'The books have changed since this draft was generated')
    await treasurer.agent.post(
      '/financial-reports',
      { fiscal_year: '2083/84', period: 'annual' },
      { from: `/financial-reports/${annual.id}` }
    )
    assert.notInclude(
      await treasurer.agent.textOf(`/financial-reports/${annual.id}`),
      'data-test="stale"'
    )

    const csv = await treasurer.agent.get(`/financial-reports/${annual.id}/csv`)
    assert.equal(csv.status, 200)
    assert.match(String(csv.headers['content-type']), /^text\/csv/)
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    assert.equal(
      lines[0],
      'section,head,label,amount_rupees,donor_kind,donor_identity,receipt_number,date_bs,date_ad,purpose'
    )
    assert.include(lines, 'summary,opening_balance,Opening balance,600.05,,,,,,')
    assert.include(lines, 'income,donations,"Donations, gifts and assistance",125000.50,,,,,,')
    assert.include(lines, 'income,other,Other income,1.00,,,,,,')
    assert.include(
      lines,
      'expenditure,office_supplies,Stationery and office supplies,999999999.99,,,,,,'
    )
    assert.isTrue(
      lines.some((line) =>
        line.startsWith(
          'donor,individual,सीता शर्मा,25000.00,individual,27-01-71-55555,RCPT-2083/84-'
        )
      )
    )

    // A viewer reads, prints and downloads, but cannot generate or file.
    assert.equal(await viewer.agent.statusOf(`/financial-reports/${annual.id}`), 200)
    assert.equal(await viewer.agent.statusOf(`/financial-reports/${annual.id}/csv`), 200)
    const before = await reportRow(annual.id)
    const refused = await viewer.agent.post(
      '/financial-reports',
      { fiscal_year: '2083/84', period: 'annual' },
      { from: '/financial-reports' }
    )
    assert.equal(refused.status, 302)
    await viewer.agent.post(
      `/financial-reports/${annual.id}/submit`,
      { reference: 'X', date: '2083-08-01' },
      { from: `/financial-reports/${annual.id}` }
    )
    await viewer.agent.post(`/financial-reports/${annual.id}?_method=DELETE`)
    assert.deepEqual(await reportRow(annual.id), before)
    assert.include(
      await viewer.agent.textOf(`/financial-reports/${annual.id}`),
      'You do not have permission to do that.'
    )

    // Hostile period input comes back as a form error.
    await treasurer.agent.post(
      '/financial-reports',
      { fiscal_year: '2083/85', period: 'Q9' },
      { from: '/financial-reports' }
    )
    assert.include(
      await treasurer.agent.textOf('/financial-reports'),
      'Choose a fiscal year (YYYY/YY) and period.'
    )

    // The other party: its own (empty) list; this party's report id is 404 there.
    const stranger = await signedIn(other, 'admin')
    const theirList = await stranger.agent.textOf('/financial-reports')
    assert.include(theirList, 'No reports yet.')
    assert.notInclude(theirList, `/financial-reports/${annual.id}`)
    assert.equal(await stranger.agent.statusOf(`/financial-reports/${annual.id}`), 404)
    assert.equal(await stranger.agent.statusOf(`/financial-reports/${annual.id}/csv`), 404)
  })
})

test.group('Financial reports | with the membership module', (group) => {
  let party: Tenant
  const sql = (query: string, bindings: any[] = []) =>
    tenancy.run(party, async () => {
      const result = await tenancy.db().rawQuery(query, bindings)
      return result.rows
    })

  group.setup(async () => {
    party = await createTenant({
      slug: `rep-m-${randomBytes(3).toString('hex')}`,
      name: 'Register Party',
      template: 'political_party_nepal',
      modules: ['membership'],
    })
    await provisioner.provision(party)
    await tenancy.run(party, () => addDemoMembers(tenancy.db(), 3))
  })

  group.teardown(async () => {
    await dropTenant(party)
  })

  test('renewal fees in the register count as membership fees, before and in the period', async ({
    assert,
  }) => {
    const members = await sql('select id from members order by id')
    const renew = (memberId: number, fiscalYear: string, day: string, amount: string) =>
      sql(
        `insert into membership_renewals (member_id, fiscal_year, renewed_on, amount_paid, payment_method)
         values (?, ?, ?, ?, 'cash')`,
        [memberId, fiscalYear, day, amount]
      )
    await renew(members[0].id, '2082/83', '2026-07-16', '100.10') // last day of Asar 2083
    await renew(members[1].id, '2083/84', '2026-07-17', '200.20') // Shrawan 1, 2083
    await renew(members[2].id, '2083/84', '2026-08-01', '0.05')
    await tenancy.run(party, () =>
      storeEntry('income', receive('membership_fees', '1000', '2083-05-01'), ACTOR, { now: NOW })
    )

    const result = await tenancy.run(party, () =>
      generateFinancialReport('2083/84', 'annual', ACTOR, { now: NOW })
    )
    assert.isTrue(result.ok)
    const [row] = await sql(`select * from financial_reports where fiscal_year = '2083/84'`)
    assert.equal(row.breakdown.membershipRegisterPaisa, 20_025)
    assert.equal(row.breakdown.income.membership_fees, 100_000 + 20_025)
    assert.equal(row.opening_balance_paisa, '10010')

    // A NaN fee (the module's column has no NaN check) stops the report, naming the count.
    await sql(
      `alter table membership_renewals drop constraint if exists membership_renewals_amount_paid_check`
    )
    await sql(`update membership_renewals set amount_paid = 'NaN' where member_id = ?`, [
      members[2].id,
    ])
    const refused = await tenancy.run(party, () =>
      generateFinancialReport('2083/84', 'annual', ACTOR, { now: NOW })
    )
    assert.deepEqual(refused, {
      ok: false,
      problem: { code: 'membership_register_nan', params: { rows: 1 } },
    })
    const [kept] = await sql(`select * from financial_reports where fiscal_year = '2083/84'`)
    assert.deepEqual(kept.breakdown, row.breakdown, 'the saved report is left as it was')
  })
})
