import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { recordDonation } from '#actions/donations/record_donation'
import { bsMonthLength, bsToAd } from '#party/calendar/bikram_sambat'
import { dropTenant } from '#tests/helpers/tenancy'
import { PortalAgent, portalHost, signedInStaff as signedIn } from '#tests/helpers/portal'

type Staff = Awaited<ReturnType<typeof signedIn>>

let donorCounter = 0

/** A valid cash donation form from a fresh citizen (so cash totals never mix across tests). */
function donationForm(overrides: Record<string, unknown> = {}) {
  donorCounter += 1
  return {
    donor_type: 'individual',
    donor_name: 'Sita Sharma',
    citizenship_number: `27-01-72-${String(20_000 + donorCounter)}`,
    pan: '',
    amount: '5000',
    currency: 'NPR',
    payment_method: 'cash',
    bank_reference: '',
    received_calendar: 'bs',
    received_date: '2083-08-01',
    ...overrides,
  }
}

function sql<T = Record<string, any>>(tenant: Tenant, query: string, bindings: unknown[] = []) {
  return tenancy.run(tenant, async () => {
    const result = await tenancy.db().rawQuery(query, bindings as any[])
    return result.rows as T[]
  })
}

/** Posts the donation form; returns the redirect and the page it leads to. */
async function record(staff: Staff, form: Record<string, unknown>) {
  const response = await staff.agent.post('/donations', form, { from: '/donations/new' })
  const page = response.location ? await staff.agent.textOf(response.location) : ''
  const id = /^\/donations\/(\d+)$/.exec(response.location ?? '')?.[1]
  return { response, page, id: id ? Number(id) : null }
}

const decode = (html: string) =>
  html
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')

/**
 * The donation pages of the staff portal, through HTTP against real party
 * databases: every rule of s.38, the receipt, the list and export, the
 * verification lock, roles, and isolation between parties.
 */
test.group('Donation pages', (group) => {
  const suffix = randomBytes(3).toString('hex')
  let first: Tenant
  let second: Tenant
  let treasurer: Staff
  let clerk: Staff
  let viewer: Staff
  let secretary: Staff
  let admin: Staff
  let otherTreasurer: Staff

  group.setup(async () => {
    first = await createTenant({
      slug: `don-pages-a-${suffix}`,
      name: 'Unity Party',
      template: 'political_party_nepal',
    })
    second = await createTenant({
      slug: `don-pages-b-${suffix}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
    })
    await Promise.all([provisioner.provision(first), provisioner.provision(second)])
    treasurer = await signedIn(first, 'treasurer')
    clerk = await signedIn(first, 'data_entry')
    viewer = await signedIn(first, 'viewer')
    secretary = await signedIn(first, 'secretary')
    admin = await signedIn(first, 'admin')
    otherTreasurer = await signedIn(second, 'treasurer')
  })

  group.teardown(async () => {
    await dropTenant(first)
    await dropTenant(second)
  })

  test('a treasurer records a donation: row, audit row, and a receipt in figures and words', async ({
    assert,
  }) => {
    const form = await treasurer.agent.get('/donations/new')
    assert.equal(form.status, 200)
    assert.include(form.text, 'x-data="donationForm(')
    assert.include(form.text, '/js/donation_form.js')

    const { id, page } = await record(
      treasurer,
      donationForm({
        donor_name: 'राम बहादुर थापा',
        amount: '30,000.50',
        payment_method: 'cheque',
        bank_reference: 'CHQ-1001',
      })
    )
    assert.isNotNull(id)
    assert.include(page, 'राम बहादुर थापा')
    const [row] = await sql(first, 'select * from donations where id = ?', [id])
    assert.include(row, {
      amount: '30000.50',
      fiscal_year: '2083/84',
      received_on_bs: '2083-08-01',
      payment_method: 'cheque',
      is_above_limit: true,
      recorded_by: treasurer.user.id,
    })
    const audits = await sql(
      first,
      `select action, user_id from audit_logs where auditable_type = 'donations' and auditable_id = ?`,
      [id]
    )
    assert.deepEqual(audits, [{ action: 'created', user_id: treasurer.user.id }])

    const receipt = await treasurer.agent.get(`/donations/${id}/receipt`)
    assert.equal(receipt.status, 200)
    assert.include(receipt.text, row.receipt_number)
    assert.include(receipt.text, 'Rs 30,000.50')
    assert.include(receipt.text, 'Rupees thirty thousand and fifty paisa only')
    assert.include(receipt.text, 'रुपैयाँ तीस हजार र पचास पैसा मात्र')
    assert.include(receipt.text, '/css/finance.css')
    assert.include(
      receipt.text,
      `(Individual (Nepali citizen), citizenship no. ${row.donor_citizenship_number})`
    )
    assert.include(receipt.text, 'Paid by Cheque (CHQ-1001)')
  })

  test('a donation carries its purpose to its page, the CSV and the report’s donor list', async ({
    assert,
  }) => {
    const tooLong = await record(treasurer, donationForm({ purpose: 'क'.repeat(301) }))
    assert.isNull(tooLong.id, 'a purpose over 300 characters is refused')
    const { id, page } = await record(
      treasurer,
      donationForm({ donor_name: 'Purpose Donor', purpose: '  बाढी राहत कार्यक्रम  ' })
    )
    assert.isNotNull(id)
    assert.include(page, 'बाढी राहत कार्यक्रम')
    const [row] = await sql(first, 'select purpose from donations where id = ?', [id])
    assert.equal(row.purpose, 'बाढी राहत कार्यक्रम', 'trimmed')
    const blank = await record(treasurer, donationForm({ purpose: '   ' }))
    const [none] = await sql(first, 'select purpose from donations where id = ?', [blank.id])
    assert.isNull(none.purpose, 'blank is no purpose')

    const csv = await treasurer.agent.get('/donations/export')
    assert.include(csv.text.split('\n')[0], ',bank_reference,purpose,')
    assert.include(csv.text, 'बाढी राहत कार्यक्रम')

    const report = await treasurer.agent.post(
      '/financial-reports',
      { fiscal_year: '2083/84', period: 'annual' },
      { from: '/financial-reports' }
    )
    assert.equal(report.status, 302)
    const printable = await treasurer.agent.textOf(report.location!)
    assert.match(printable, /Purpose Donor[\s\S]*?बाढी राहत कार्यक्रम/)
  })

  test('cash above Rs 25,000 is refused citing s.38(3), in English and in Nepali; nothing stored', async ({
    assert,
  }) => {
    const [{ n: before }] = await sql(first, 'select count(*)::int as n from donations')
    const form = donationForm({ donor_name: 'Hari Koirala', amount: '25000.01' })
    const refused = await record(clerk, form)
    assert.equal(refused.response.location, '/donations/new')
    assert.include(
      decode(refused.page),
      'Refused: Political Parties Act 2073, s.38(3): a donation above Rs 25,000 must come by cheque or bank transfer.'
    )
    assert.include(refused.page, 'value="Hari Koirala"', 'what was typed is kept')

    await clerk.agent.switchLocale('ne')
    const nepali = await record(clerk, form)
    await clerk.agent.switchLocale('en')
    assert.include(
      nepali.page,
      'अस्वीकृत: राजनीतिक दल सम्बन्धी ऐन, २०७३ को दफा ३८(३): रु. २५,००० भन्दा बढीको चन्दा चेक वा बैंक ट्रान्सफरबाट मात्र लिन सकिन्छ।'
    )

    const exactly = await record(clerk, donationForm({ amount: '25000' }))
    assert.isNotNull(exactly.id, 'Rs 25,000 in cash is allowed')
    const [{ n: after }] = await sql(first, 'select count(*)::int as n from donations')
    assert.equal(after, before + 1)
  })

  test('prohibited donors are refused with their clause of s.38(2), (a) to (h)', async ({
    assert,
  }) => {
    const cases: Array<[string, string]> = [
      ['government_body', 's.38(2)(a)'],
      ['public_enterprise', 's.38(2)(b)'],
      ['public_company', 's.38(2)(c)'],
      ['educational_institution', 's.38(2)(d)'],
      ['ngo', 's.38(2)(e)'],
      ['foreign_individual', 's.38(2)(f)'],
    ]
    for (const [donorType, clause] of cases) {
      const { page, id } = await record(
        treasurer,
        donationForm({ donor_type: donorType, donor_name: 'Some Body', pan: '123456789' })
      )
      assert.isNull(id, donorType)
      assert.include(page, `Political Parties Act 2073, ${clause}`, donorType)
    }
    const anonymous = await record(treasurer, donationForm({ donor_name: 'Anonymous' }))
    assert.include(anonymous.page, 's.38(2)(g)')
    await treasurer.agent.switchLocale('ne')
    const school = await record(
      treasurer,
      donationForm({
        donor_type: 'educational_institution',
        donor_name: 'Janata School',
        pan: '123456789',
      })
    )
    const unnamed = await record(treasurer, donationForm({ donor_name: 'बेनामी' }))
    await treasurer.agent.switchLocale('en')
    assert.include(school.page, 'राजनीतिक दल सम्बन्धी ऐन, २०७३ को दफा ३८(२)(घ)')
    assert.include(unnamed.page, 'दफा ३८(२)(छ)')

    // (h): the admin designates a donor; a donation from that PAN is then refused.
    assert.equal(await viewer.agent.statusOf('/designated-donors'), 200)
    const byViewer = await viewer.agent.post(
      '/designated-donors',
      { name: 'Shady Traders', pan: '555666777' },
      { from: '/designated-donors' }
    )
    assert.equal(byViewer.location, '/designated-donors')
    assert.include(
      await viewer.agent.textOf('/designated-donors'),
      'You do not have permission to do that.'
    )
    await admin.agent.post(
      '/designated-donors',
      { name: 'Shady Traders Pvt Ltd', pan: '555666777', ec_reference: 'EC notice 2083/12' },
      { from: '/designated-donors' }
    )
    assert.include(await admin.agent.textOf('/designated-donors'), 'Shady Traders Pvt Ltd')
    await admin.agent.post(
      '/designated-donors',
      { name: 'Bad Pan Co', pan: '12345', citizenship_number: '??' },
      { from: '/designated-donors' }
    )
    const refusedList = await admin.agent.textOf('/designated-donors')
    assert.include(refusedList, 'A PAN has exactly 9 digits.')
    assert.include(refusedList, 'Enter the citizenship certificate number as printed')
    const [{ n: designatedCount }] = await sql(
      first,
      'select count(*)::int as n from designated_prohibited_donors'
    )
    assert.equal(designatedCount, 1)
    const designated = await record(
      treasurer,
      donationForm({
        donor_type: 'private_organisation',
        donor_name: 'Traders',
        pan: '555666777',
        citizenship_number: '',
      })
    )
    assert.isNull(designated.id)
    assert.include(
      decode(designated.page),
      's.38(2)(h): the Election Commission has designated this donor (EC notice 2083/12)'
    )
    const [audit] = await sql(
      first,
      `select action, user_id from audit_logs where auditable_type = 'designated_prohibited_donors'`
    )
    assert.deepEqual(audit, { action: 'created', user_id: admin.user.id })
  })

  test('paisa add up without float error: 0.10 + 0.20 in cash is exactly Rs 0.30', async ({
    assert,
  }) => {
    const citizenship = '27-01-79-00001'
    const a = await record(clerk, donationForm({ citizenship_number: citizenship, amount: '0.10' }))
    const b = await record(clerk, donationForm({ citizenship_number: citizenship, amount: '0.20' }))
    const rows = await sql(
      first,
      'select amount, donor_cash_total from donations where id in (?, ?) order by id',
      [a.id, b.id]
    )
    assert.deepEqual(rows, [
      { amount: '0.10', donor_cash_total: '0.10' },
      { amount: '0.20', donor_cash_total: '0.30' },
    ])
    assert.include(b.page, 'Rs 0.30')
    const float = await record(clerk, donationForm({ amount: String(0.1 + 0.2) }))
    assert.isNull(float.id)
    assert.include(float.page, 'An amount has at most 2 decimals (paisa).')
  })

  test('hostile input: NaN, negative, 1e309, foreign digits, missing fields; clear errors, nothing stored', async ({
    assert,
  }) => {
    const [{ n: before }] = await sql(first, 'select count(*)::int as n from donations')
    const expectations: Array<[Record<string, unknown>, string]> = [
      [{ amount: 'NaN' }, 'Enter the amount in rupees, e.g. 25000 or 1,00,000.50.'],
      [{ amount: '-500' }, 'The amount must be more than zero.'],
      [{ amount: '1e309' }, 'Enter the amount in rupees, e.g. 25000 or 1,00,000.50.'],
      [{ amount: 'Infinity' }, 'Enter the amount in rupees, e.g. 25000 or 1,00,000.50.'],
      [{ amount: '٣٠٠' }, 'Write the amount with digits 0–9 or ०–९.'],
      [
        { amount: '99999999999999999999' },
        'The amount is larger than any donation this system accepts (Rs 1,00,00,00,000)',
      ],
      [{ amount: '' }, 'Enter the amount.'],
      [{ currency: 'USD' }, 'Donations are recorded in Nepali rupees (NPR)'],
      [{ donor_type: 'martian' }, 'Choose one of the listed donor kinds.'],
      [{ payment_method: 'gold' }, 'Choose one of the listed payment methods.'],
      [{ received_date: '2083-13-40' }, 'Enter a date as YYYY-MM-DD.'],
      [{ received_date: '' }, 'Enter a date as YYYY-MM-DD.'],
      [
        {
          received_calendar: 'ad',
          received_date: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
        },
        'A donation cannot be recorded before it is received.',
      ],
      [{ donor_name: '' }, 's.38(2)(g)'],
      [
        { payment_method: 'cheque', amount: '50000' },
        'Give the cheque number or bank transaction reference.',
      ],
    ]
    for (const [overrides, message] of expectations) {
      const { id, page } = await record(treasurer, donationForm(overrides))
      assert.isNull(id, JSON.stringify(overrides))
      assert.include(decode(page), message, JSON.stringify(overrides))
    }
    // Devanagari digits and a Devanagari name are welcome.
    const nepali = await record(
      treasurer,
      donationForm({ donor_name: 'सीता शर्मा', amount: '१,२००' })
    )
    assert.isNotNull(nepali.id)
    const [row] = await sql(first, 'select amount, donor_name from donations where id = ?', [
      nepali.id,
    ])
    assert.deepEqual(row, { amount: '1200.00', donor_name: 'सीता शर्मा' })

    // Arrays where strings belong are refused, not crashed on.
    const agent = treasurer.agent
    await agent.get('/donations/new')
    const body = new URLSearchParams({ _csrf: agent.csrfToken! })
    body.append('amount[]', '100')
    body.append('donor_name[]', 'x')
    const odd = await agent.request('POST', '/donations', body.toString())
    assert.equal(odd.status, 302)
    assert.equal(odd.location, '/donations/new')
    const [{ n: after }] = await sql(first, 'select count(*)::int as n from donations')
    assert.equal(after, before + 1)
  })

  test('fiscal year is decided in Nepal time: Asar end vs Shrawan 1 00:30', async ({ assert }) => {
    // FY 2082/83 has no limits of its own in a new party: the admin sets them first.
    const missing = await record(
      treasurer,
      donationForm({ received_date: `2083-03-${bsMonthLength(2083, 3)}` })
    )
    assert.include(
      missing.page,
      'No donation limits are set for fiscal year 2082/83 or any year before it'
    )
    await admin.agent.post(
      '/donation-limits',
      { fiscal_year: '२०८२/८३', cash_limit: '25,000', disclosure_threshold: '25000' },
      { from: '/donation-limits' }
    )
    const [limits] = await sql(
      first,
      `select cash_limit from donation_limits where fiscal_year = '2082/83'`
    )
    assert.equal(limits.cash_limit, '25000.00')

    const asarEnd = await record(
      treasurer,
      donationForm({ received_date: `2083-03-${bsMonthLength(2083, 3)}` })
    )
    const shrawan1 = await record(treasurer, donationForm({ received_date: '2083-04-01' }))
    const day = bsToAd({ year: 2083, month: 4, day: 1 })
    const midnightUtc = Date.UTC(day.year, day.month - 1, day.day)
    // 00:30 on Shrawan 1 in Kathmandu is 18:45 UTC the day before; 23:59 on Asar end is 18:14.
    const halfPastMidnight = await record(
      treasurer,
      donationForm({ received_at: new Date(midnightUtc - 5.25 * 3_600_000).toISOString() })
    )
    const beforeMidnight = await record(
      treasurer,
      donationForm({ received_at: new Date(midnightUtc - 5.76 * 3_600_000).toISOString() })
    )
    const years = await sql(
      first,
      'select id, fiscal_year, received_on_bs from donations where id in (?, ?, ?, ?)',
      [asarEnd.id, shrawan1.id, halfPastMidnight.id, beforeMidnight.id]
    )
    const byId = new Map(years.map((row) => [row.id, row]))
    assert.equal(byId.get(asarEnd.id)?.fiscal_year, '2082/83')
    assert.equal(byId.get(shrawan1.id)?.fiscal_year, '2083/84')
    assert.include(byId.get(halfPastMidnight.id), {
      fiscal_year: '2083/84',
      received_on_bs: '2083-04-01',
    })
    assert.equal(byId.get(beforeMidnight.id)?.fiscal_year, '2082/83')

    const hint = await treasurer.agent.get('/donations/fiscal-year?calendar=bs&date=2083-04-01')
    assert.equal(JSON.parse(hint.text).fiscalYear, '2083/84')
    const badHint = await treasurer.agent.get('/donations/fiscal-year?calendar=bs&date=2083-04-40')
    assert.equal(badHint.status, 422)
  })

  test('limits refuse NaN, negative, huge and malformed years; only admins set them', async ({
    assert,
  }) => {
    const bad: Array<[Record<string, string>, string]> = [
      [{ cash_limit: 'NaN' }, 'Enter the amount in rupees'],
      [{ cash_limit: '-1' }, 'A limit must be more than zero.'],
      [{ disclosure_threshold: '1e309' }, 'Enter the amount in rupees'],
      [{ cash_limit: '100000000000' }, 'This is larger than any limit the system accepts'],
      [{ fiscal_year: '2084/86' }, 'Enter a fiscal year as YYYY/YY'],
      [{ fiscal_year: 'abcd' }, 'Enter a fiscal year as YYYY/YY'],
    ]
    for (const [overrides, message] of bad) {
      await admin.agent.post(
        '/donation-limits',
        {
          fiscal_year: '2084/85',
          cash_limit: '30000',
          disclosure_threshold: '30000',
          ...overrides,
        },
        { from: '/donation-limits' }
      )
      assert.include(
        decode(await admin.agent.textOf('/donation-limits')),
        message,
        JSON.stringify(overrides)
      )
    }
    const [{ n }] = await sql(
      first,
      `select count(*)::int as n from donation_limits where fiscal_year = '2084/85'`
    )
    assert.equal(n, 0)
    const byTreasurer = await treasurer.agent.post(
      '/donation-limits',
      { fiscal_year: '2084/85', cash_limit: '30000', disclosure_threshold: '30000' },
      { from: '/donation-limits' }
    )
    assert.equal(byTreasurer.location, '/donation-limits')
    const [{ n: stillNone }] = await sql(
      first,
      `select count(*)::int as n from donation_limits where fiscal_year = '2084/85'`
    )
    assert.equal(stillNone, 0)
  })

  test('split cash: two Rs 15,000 cash gifts from one donor are flagged with the running total', async ({
    assert,
  }) => {
    const citizenship = '27-01-79-55555'
    const firstGift = await record(
      clerk,
      donationForm({ citizenship_number: citizenship, amount: '15000' })
    )
    assert.notInclude(firstGift.page, 'data-test="split-flag"')
    const secondGift = await record(
      clerk,
      donationForm({ citizenship_number: citizenship.replaceAll('-', '/'), amount: '15000' })
    )
    assert.include(secondGift.page, 'data-test="split-flag"')
    assert.include(secondGift.page, 'add up to Rs 30,000')
    const list = await treasurer.agent.textOf('/donations?flagged=1&fiscal_year=2083/84')
    assert.include(list, `/donations/${secondGift.id}"`)
    assert.notInclude(list, `/donations/${firstGift.id}"`)
    assert.include(
      list,
      `data-test="split-${secondGift.id}">Possible split cash: Rs 30,000 this year<`,
      'the running total is shown to the treasurer'
    )
    const dashboard = await treasurer.agent.textOf('/dashboard')
    assert.include(dashboard, 'data-test="compliance-card"')
    const [{ flagged }] = await sql(
      first,
      `select count(*)::int as flagged from donations where split_suspected and fiscal_year = '2083/84'`
    )
    assert.match(dashboard, new RegExp(`data-test="card-flagged">${flagged}<`))
  })

  test('the party setting turns split cash from a flag into a refusal; only admins change it', async ({
    assert,
  }) => {
    const byTreasurer = await treasurer.agent.post(
      '/donation-limits/split-cash',
      { refuse_split_cash: '1' },
      { from: '/donation-limits' }
    )
    assert.equal(byTreasurer.location, '/donation-limits')
    assert.include(await treasurer.agent.textOf('/donation-limits'), 'is recorded and flagged')

    await admin.agent.post(
      '/donation-limits/split-cash',
      { refuse_split_cash: '1' },
      { from: '/donation-limits' }
    )
    try {
      assert.include(await treasurer.agent.textOf('/donation-limits'), 'is refused; the donor must')
      const citizenship = '27-01-79-66666'
      const firstGift = await record(
        clerk,
        donationForm({ citizenship_number: citizenship, amount: '15000' })
      )
      assert.isNotNull(firstGift.id)
      const refused = await record(
        clerk,
        donationForm({ citizenship_number: citizenship, amount: '15000' })
      )
      assert.isNull(refused.id)
      assert.include(
        decode(refused.page),
        'Refused: this donor has already given Rs 15,000 in cash this fiscal year; with this donation the cash total would be Rs 30,000'
      )
      const [{ n }] = await sql(
        first,
        `select count(*)::int as n from donations where donor_citizenship_number = ?`,
        [citizenship]
      )
      assert.equal(n, 1)
    } finally {
      await admin.agent.post(
        '/donation-limits/split-cash',
        { refuse_split_cash: '0' },
        { from: '/donation-limits' }
      )
    }
    const trail = await sql(
      first,
      `select action, user_id, new_values from audit_logs where auditable_type = 'party_settings' order by id`
    )
    assert.deepEqual(
      trail.map((row) => [row.action, row.user_id, row.new_values.value]),
      [
        ['created', admin.user.id, true],
        ['updated', admin.user.id, false],
      ]
    )
  })

  test('verification: treasurer verifies, then nobody can delete or change it, not even in SQL', async ({
    assert,
  }) => {
    const { id } = await record(clerk, donationForm({ amount: '1000' }))
    const byClerk = await clerk.agent.post(
      `/donations/${id}/verify`,
      {},
      { from: `/donations/${id}` }
    )
    assert.include(
      await clerk.agent.textOf(byClerk.location!),
      'You do not have permission to do that.'
    )
    const verified = await treasurer.agent.post(
      `/donations/${id}/verify`,
      {},
      { from: `/donations/${id}` }
    )
    assert.equal(verified.location, `/donations/${id}`)
    const page = await treasurer.agent.textOf(`/donations/${id}`)
    assert.include(page, 'data-test="locked"')
    assert.notInclude(page, 'data-test="delete"')

    const deleted = await admin.agent.post(
      `/donations/${id}?_method=DELETE`,
      {},
      { from: `/donations/${id}` }
    )
    assert.equal(deleted.location, `/donations/${id}`)
    assert.include(await admin.agent.textOf(`/donations/${id}`), 'A verified donation is locked')

    let updateError: any
    try {
      await sql(first, `update donations set amount = 1 where id = ?`, [id])
    } catch (error) {
      updateError = error
    }
    assert.match(String(updateError?.message), /is verified and locked; UPDATE is not allowed/)
    let deleteError: any
    try {
      await sql(first, `delete from donations where id = ?`, [id])
    } catch (error) {
      deleteError = error
    }
    assert.match(String(deleteError?.message), /is verified and locked; DELETE is not allowed/)
    let truncateError: any
    try {
      await sql(first, `truncate donations`)
    } catch (error) {
      truncateError = error
    }
    assert.match(String(truncateError?.message), /TRUNCATE is not allowed/)
    const [row] = await sql(first, 'select amount, verified_by from donations where id = ?', [id])
    assert.deepEqual(row, { amount: '1000.00', verified_by: treasurer.user.id })
    const trail = await sql(
      first,
      `select action, user_id from audit_logs where auditable_type = 'donations' and auditable_id = ? order by id`,
      [id]
    )
    assert.deepEqual(trail, [
      { action: 'created', user_id: clerk.user.id },
      { action: 'verified', user_id: treasurer.user.id },
    ])

    // An unverified one can still be deleted by the treasurer, with its audit row.
    const other = await record(clerk, donationForm({ amount: '700' }))
    const removed = await treasurer.agent.post(
      `/donations/${other.id}?_method=DELETE`,
      {},
      { from: `/donations/${other.id}` }
    )
    assert.equal(removed.location, '/donations')
    assert.equal(await treasurer.agent.statusOf(`/donations/${other.id}`), 404)
    const [gone] = await sql(
      first,
      `select action from audit_logs where auditable_type = 'donations' and auditable_id = ? order by id desc limit 1`,
      [other.id]
    )
    assert.equal(gone.action, 'deleted')
  })

  test('roles: viewers read only, secretaries do not record, data entry records but does not export', async ({
    assert,
  }) => {
    assert.equal(await viewer.agent.statusOf('/donations'), 200)
    assert.equal(await viewer.agent.statusOf('/donation-limits'), 200)
    assert.equal(await viewer.agent.statusOf('/donations/new'), 403)
    const [{ n: before }] = await sql(first, 'select count(*)::int as n from donations')
    const posted = await viewer.agent.post('/donations', donationForm(), { from: '/donations' })
    assert.equal(posted.location, '/donations')
    const bySecretary = await secretary.agent.post('/donations', donationForm(), {
      from: '/donations',
    })
    assert.equal(bySecretary.location, '/donations')
    const [{ id }] = await sql(first, 'select id from donations order by id limit 1')
    const verify = await viewer.agent.post(`/donations/${id}/verify`, {}, { from: '/donations' })
    assert.equal(verify.location, '/donations')
    const remove = await viewer.agent.post(
      `/donations/${id}?_method=DELETE`,
      {},
      { from: '/donations' }
    )
    assert.equal(remove.location, '/donations')
    assert.include(
      await viewer.agent.textOf('/donations'),
      'You do not have permission to do that.'
    )
    assert.equal(await viewer.agent.statusOf('/donations/export'), 403)
    assert.equal(await clerk.agent.statusOf('/donations/export'), 403)
    assert.equal(await viewer.agent.statusOf(`/donations/${id}/receipt`), 200)
    const [{ n: after }] = await sql(first, 'select count(*)::int as n from donations')
    assert.equal(after, before)
  })

  test('list: filters, totals, keyset pages; CSV of the filter with a BOM', async ({ assert }) => {
    // 30 banked donations of one organisation, recorded through the service.
    await tenancy.run(first, async () => {
      for (let index = 0; index < 30; index++) {
        const result = await recordDonation({
          donorType: 'private_organisation',
          donorName: `Himal Traders ${index}`,
          pan: '301234567',
          amount: '1000.10',
          paymentMethod: 'bank_transfer',
          bankReference: `TXN-${index}`,
          received: {
            calendar: 'bs',
            date: `2083-07-${String(1 + (index % 25)).padStart(2, '0')}`,
          },
        })
        if (!result.ok) throw new Error(JSON.stringify(result.problems))
      }
    })
    const page1 = await treasurer.agent.textOf('/donations?donor_type=private_organisation')
    assert.include(page1, 'data-test="count">30<')
    assert.include(page1, 'Rs 30,003')
    const rowsOn = (html: string) => [...html.matchAll(/Himal Traders (\d+)/g)].map((m) => m[1])
    const first25 = rowsOn(page1)
    assert.lengthOf(first25, 25)
    const next = /href="(\/donations\?[^"]*after=[^"]+)"/.exec(page1)?.[1]
    assert.isDefined(next)
    const page2 = await treasurer.agent.textOf(next!.replaceAll('&amp;', '&'))
    const last5 = rowsOn(page2)
    assert.lengthOf(last5, 5)
    assert.lengthOf(new Set([...first25, ...last5]), 30, 'no row twice, none missing')

    const csv = await treasurer.agent.get('/donations/export?donor_type=private_organisation')
    assert.equal(csv.status, 200)
    assert.match(String(csv.headers['content-type']), /text\/csv/)
    assert.isTrue(csv.text.startsWith('\uFEFFreceipt_number,fiscal_year,'))
    const lines = csv.text.trim().split('\n')
    assert.lengthOf(lines, 31)
    assert.include(lines[1], ',1000.10,NPR,bank_transfer,')
    assert.notInclude(csv.text, 'Sita Sharma')
    const [exported] = await sql(
      first,
      `select new_values from audit_logs where auditable_type = 'donations' and action = 'exported' order by id desc limit 1`
    )
    assert.equal(exported.new_values.rows, 30)
  })

  test('isolation: another party never sees or touches this party’s donations, even with the same ids', async ({
    assert,
  }) => {
    const mine = await record(
      otherTreasurer,
      donationForm({ donor_name: 'Progress Donor', amount: '800' })
    )
    assert.isNotNull(mine.id)
    const [firstRow] = await sql(first, 'select id, donor_name from donations where id = ?', [
      mine.id,
    ])
    assert.isDefined(firstRow, 'the first party also has a donation with this id')

    const page = await otherTreasurer.agent.textOf(`/donations/${mine.id}`)
    assert.include(page, 'Progress Donor')
    assert.notInclude(
      page,
      firstRow.donor_name === 'Progress Donor' ? '\u0000' : firstRow.donor_name
    )
    const list = await otherTreasurer.agent.textOf('/donations')
    assert.notInclude(list, 'Himal Traders')
    const csv = await otherTreasurer.agent.textOf('/donations/export')
    assert.notInclude(csv, 'Himal Traders')
    assert.include(csv, 'Progress Donor')

    const [{ n: firstCount }] = await sql(
      first,
      'select count(*)::int as n from donations where verified_at is not null'
    )
    const verify = await otherTreasurer.agent.post(
      `/donations/${mine.id}/verify`,
      {},
      { from: '/donations' }
    )
    assert.equal(verify.location, `/donations/${mine.id}`)
    const [{ n: firstAfter }] = await sql(
      first,
      'select count(*)::int as n from donations where verified_at is not null'
    )
    assert.equal(
      firstAfter,
      firstCount,
      "verifying in one party leaves the other's donation as it was"
    )
    const [{ n: secondVerified }] = await sql(
      second,
      'select count(*)::int as n from donations where verified_at is not null'
    )
    assert.equal(secondVerified, 1)
    // A session of one party is not honoured on the other's host.
    const replay = new PortalAgent(portalHost(second))
    for (const [name, cookie] of treasurer.agent.cookies) replay.cookies.set(name, cookie)
    assert.equal(await replay.locationOf('/donations'), '/login')
  })
})
