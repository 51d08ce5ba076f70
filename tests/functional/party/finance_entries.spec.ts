import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { checkEntry } from '#actions/finance/finance_entries'
import { currentFiscalYear } from '#party/finance/list_entries'
import { dropTenant } from '#tests/helpers/tenancy'
import { PortalAgent, portalHost, signedInStaff as signedIn } from '#tests/helpers/portal'

function rowsOf(tenant: Tenant, table: 'expenditures' | 'income_entries') {
  return tenancy.run(tenant, () =>
    tenancy
      .db()
      .from(table)
      .orderBy('id')
      .select('*', tenancy.db().raw('amount_paisa::text as amount_text'))
  )
}

function auditOf(tenant: Tenant, table: string, id: number) {
  return tenancy.run(tenant, () =>
    tenancy
      .db()
      .from('audit_logs')
      .where({ auditable_type: table, auditable_id: id })
      .orderBy('id')
      .select('*')
  )
}

/** A valid expenditure form (BS date in fiscal year 2083/84). */
function expenditure(overrides: Record<string, unknown> = {}) {
  return {
    category: 'office_rent',
    amount: '15000',
    payee_name: 'Shree Ganesh Properties',
    voucher_number: `V-${randomBytes(3).toString('hex')}`,
    payment_method: 'cash',
    date: '2083-05-10',
    date_calendar: 'bs',
    description: 'Office rent for Bhadra',
    ...overrides,
  }
}

/**
 * Expenditure and other income (s.37) on party hosts: recording, editing and
 * deleting with the audit trail, exact paisa, hostile input in both
 * languages, who may write, and that two parties never see each other.
 */
test.group('Finance entries | expenditure and income pages', (group) => {
  const suffix = randomBytes(3).toString('hex')
  let first: Tenant
  let second: Tenant
  let treasurer: Awaited<ReturnType<typeof signedIn>>
  let viewer: Awaited<ReturnType<typeof signedIn>>
  let otherTreasurer: Awaited<ReturnType<typeof signedIn>>

  group.setup(async () => {
    first = await createTenant({
      slug: `fin-a-${suffix}`,
      name: 'Unity Party',
      template: 'political_party_nepal',
    })
    second = await createTenant({
      slug: `fin-b-${suffix}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
    })
    await Promise.all([provisioner.provision(first), provisioner.provision(second)])
    treasurer = await signedIn(first, 'treasurer')
    viewer = await signedIn(first, 'viewer')
    otherTreasurer = await signedIn(second, 'treasurer')
  })

  group.teardown(async () => {
    await dropTenant(first)
    await dropTenant(second)
  })

  test('a treasurer records expenditure; the row and its audit entry are written together', async ({
    assert,
  }) => {
    assert.equal(await treasurer.agent.statusOf('/expenditures/new'), 200)
    const saved = await treasurer.agent.post(
      '/expenditures',
      expenditure({ amount: '१,२५,०००.५०', voucher_number: 'V-001', payee_pan: '६०१२३४५६७' }),
      { from: '/expenditures/new' }
    )
    assert.equal(saved.status, 302)
    assert.equal(saved.location, '/expenditures?fiscal_year=2083/84')
    const [row] = await rowsOf(first, 'expenditures')
    assert.equal(row.amount_text, '12500050', 'Devanagari digits and lakh grouping read as paisa')
    assert.equal(row.fiscal_year, '2083/84')
    assert.equal(row.spent_on_bs, '2083-05-10')
    assert.equal(row.payee_pan, '601234567')
    assert.equal(row.recorded_by, treasurer.user.id)

    const [audit] = await auditOf(first, 'expenditures', row.id)
    assert.equal(audit.action, 'created')
    assert.equal(audit.user_id, treasurer.user.id)
    assert.equal(audit.new_values.amount_paisa, 12_500_050)
    assert.equal(audit.new_values.voucher_number, 'V-001')
    assert.isNull(audit.old_values)

    const list = await treasurer.agent.textOf('/expenditures?fiscal_year=2083/84')
    assert.include(list, 'Expenditure recorded.')
    assert.include(list, 'Shree Ganesh Properties')
    assert.include(list, '1,25,000.50')

    // An edit records only what changed, old beside new.
    const edited = await treasurer.agent.post(
      `/expenditures/${row.id}?_method=PUT`,
      expenditure({ amount: '125000.75', voucher_number: 'V-001', payee_pan: '601234567' }),
      { from: `/expenditures/${row.id}/edit` }
    )
    assert.equal(edited.location, '/expenditures?fiscal_year=2083/84')
    const trail = await auditOf(first, 'expenditures', row.id)
    assert.equal(trail.length, 2)
    assert.equal(trail[1].action, 'updated')
    assert.deepEqual(trail[1].old_values, { amount_paisa: 12_500_050 })
    assert.deepEqual(trail[1].new_values, { amount_paisa: 12_500_075 })

    const removed = await treasurer.agent.post(
      `/expenditures/${row.id}?_method=DELETE`,
      {},
      { from: '/expenditures' }
    )
    assert.equal(removed.status, 302)
    assert.lengthOf(await rowsOf(first, 'expenditures'), 0)
    const [, , deleted] = await auditOf(first, 'expenditures', row.id)
    assert.equal(deleted.action, 'deleted')
    assert.equal(deleted.old_values.amount_paisa, 12_500_075)
    assert.equal(deleted.old_values.payee_name, 'Shree Ganesh Properties')
    assert.isNull(deleted.new_values)
  })

  test('totals by category are exact in paisa: 0.10 + 0.20 is 0.30, and crores add up', async ({
    assert,
  }) => {
    for (const amount of ['0.10', '0.20']) {
      await treasurer.agent.post(
        '/expenditures',
        expenditure({ category: 'bank_charges', amount, date: '2082-10-01' }),
        { from: '/expenditures/new' }
      )
    }
    // Ten entries of Rs 99,99,99,999.99 (just under Rs 100 crore): 9,99,99,99,999.90 in all.
    for (let index = 0; index < 10; index++) {
      await treasurer.agent.post(
        '/expenditures',
        expenditure({ category: 'fixed_assets', amount: '99,99,99,999.99', date: '2082-10-02' }),
        { from: '/expenditures/new' }
      )
    }
    const page = await treasurer.agent.textOf('/expenditures?fiscal_year=2082/83')
    assert.match(page, /data-test="total-bank_charges">0\.30</)
    assert.match(page, /data-test="total-fixed_assets">9,99,99,99,999\.90</)
    assert.match(page, /data-test="grand-total"><strong>10,00,00,00,000\.20</)
    // The same figures in Nepali, Devanagari digits with lakh grouping.
    await treasurer.agent.switchLocale('ne')
    const nepali = await treasurer.agent.textOf(
      `/expenditures?fiscal_year=${encodeURIComponent('२०८२/८३')}`
    )
    await treasurer.agent.switchLocale('en')
    assert.match(nepali, /data-test="total-bank_charges">०\.३०</)
    assert.include(nepali, 'बैङ्क शुल्क')
  })

  test('hostile amounts, dates and texts are refused with reasons in English and Nepali', async ({
    assert,
  }) => {
    const before = await rowsOf(first, 'expenditures')
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ amount: 'NaN' }, 'Enter the amount in rupees', 'रकम रुपैयाँमा लेख्नुहोस्'],
      [{ amount: '-500' }, 'The amount must be more than zero.', 'रकम शून्यभन्दा बढी हुनुपर्छ।'],
      [{ amount: '0' }, 'The amount must be more than zero.', 'रकम शून्यभन्दा बढी हुनुपर्छ।'],
      [{ amount: '1e5' }, 'Enter the amount in rupees', 'रकम रुपैयाँमा लेख्नुहोस्'],
      [{ amount: '12.345' }, 'at most 2 decimals', 'बढीमा दुई दशमलव'],
      [
        { amount: '1000000000000000000000000' },
        'larger than any single entry',
        'एउटा प्रविष्टिमा लिने सीमाभन्दा ठूलो',
      ],
      [{ amount: '১২৩' }, 'Write the amount with digits 0–9 or ०–९.', 'रकम ०–९ वा 0–9 अङ्कमा'],
      [{ date: '2083-13-01' }, 'Enter a real date as YYYY-MM-DD.', 'साँचो मिति'],
      [{ date: '2099-01-01' }, 'outside the calendar', 'पात्रो (वि.सं. २०००–२०९०) बाहिर'],
      [{ date: '2090-01-01' }, 'A date after today cannot be recorded.', 'आजपछिको मिति'],
      [{ category: 'bribes' }, 'Choose one of the listed categories.', 'एउटा शीर्षक छान्नुहोस्'],
      [{ payee_name: '   ' }, 'This field is required.', 'यो भर्न अनिवार्य छ।'],
      [{ payee_name: 'x'.repeat(201) }, 'at most 200 characters', 'बढीमा २०० अक्षर'],
      [{ payee_name: 'Null\u0000Byte' }, 'control characters', 'नियन्त्रण'],
      [{ payee_pan: '12345' }, 'A PAN has exactly 9 digits.', 'प्यानमा ठीक ९ अङ्क'],
      [{ payment_method: 'cheque' }, 'Give the cheque number', 'चेक नम्बर वा बैङ्क'],
    ]
    for (const [overrides, english, nepali] of cases) {
      const refused = await treasurer.agent.post('/expenditures', expenditure(overrides), {
        from: '/expenditures/new',
      })
      assert.equal(refused.location, '/expenditures/new', JSON.stringify(overrides))
      assert.include(await treasurer.agent.textOf('/expenditures/new'), english)
      await treasurer.agent.switchLocale('ne')
      await treasurer.agent.post('/expenditures', expenditure(overrides), {
        from: '/expenditures/new',
      })
      assert.include(await treasurer.agent.textOf('/expenditures/new'), nepali)
      await treasurer.agent.switchLocale('en')
    }
    // A missing amount keeps what else was typed (Devanagari included).
    await treasurer.agent.post(
      '/expenditures',
      { ...expenditure({ payee_name: 'श्री गणेश प्रोपर्टिज' }), amount: undefined },
      { from: '/expenditures/new' }
    )
    const kept = await treasurer.agent.textOf('/expenditures/new')
    assert.include(kept, 'Enter the amount.')
    assert.include(kept, 'value="श्री गणेश प्रोपर्टिज"')
    assert.deepEqual(await rowsOf(first, 'expenditures'), before, 'nothing was written')

    // Non-ASCII text is stored as typed (Nepali vowel-sign order repaired).
    await treasurer.agent.post(
      '/income',
      {
        source: 'event_collections',
        amount: '२५००',
        payer_name: 'काेशी प्रदेश भेला',
        reference: 'रसिद-१',
        payment_method: 'cash',
        date: '२०८३-०६-०१',
      },
      { from: '/income/new' }
    )
    const [income] = await rowsOf(first, 'income_entries')
    assert.equal(income.payer_name, 'कोशी प्रदेश भेला')
    assert.equal(income.amount_text, '250000')
    assert.equal(income.received_on_bs, '2083-06-01')
  })

  test('the database itself refuses amounts that are not positive whole paisa up to Rs 100 crore', async ({
    assert,
  }) => {
    const insert = (amount: string | number, bsDate = '2083-05-10') =>
      tenancy.run(first, () =>
        tenancy
          .db()
          .table('expenditures')
          .insert({
            fiscal_year: '2083/84',
            category: 'other',
            payee_name: 'Direct SQL',
            voucher_number: `SQL-${randomBytes(3).toString('hex')}`,
            amount_paisa: amount,
            payment_method: 'cash',
            spent_on: '2026-08-26',
            spent_on_bs: bsDate,
          })
      )
    await assert.rejects(() => insert(0), /expenditures_amount_check/)
    await assert.rejects(() => insert(-1), /expenditures_amount_check/)
    await assert.rejects(() => insert('100000000001'), /expenditures_amount_check/)
    await assert.rejects(() => insert('NaN'), /invalid input syntax for type bigint/)
    await assert.rejects(() => insert('12.5'), /invalid input syntax for type bigint/)
    await assert.rejects(() => insert(100, '2083-03-32'), /expenditures_spent_in_fiscal_year_check/)
    // Exactly Rs 100 crore is allowed.
    await insert('100000000000')
    await tenancy.run(first, () =>
      tenancy.db().from('expenditures').where('payee_name', 'Direct SQL').delete()
    )
  })

  test('at 50,000 entries a year over four years, pages and totals walk indexes', async ({
    assert,
  }) => {
    const explain = (query: string) =>
      tenancy.run(first, async () => {
        const result = await tenancy.db().rawQuery(`explain ${query}`)
        return result.rows.map((row: Record<string, string>) => Object.values(row)[0]).join('\n')
      })
    await tenancy.run(first, async () => {
      await tenancy.db().rawQuery(
        `insert into expenditures (fiscal_year, category, payee_name, voucher_number, amount_paisa,
                                   payment_method, spent_on, spent_on_bs)
         select y || '/' || lpad(((y + 1) % 100)::text, 2, '0'),
                (array['office_rent','staff_salaries','training','other'])[1 + n % 4],
                'Bulk payee', 'B-' || n, 100 + n, 'cash',
                date '2024-08-01' + (n % 300) - (2081 - y) * 365, y || '-05-01'
           from generate_series(1, 200000) n, lateral (select 2078 + n % 4 as y) years`
      )
      await tenancy.db().rawQuery('vacuum analyze expenditures')
    })
    const page = await explain(
      `select * from expenditures where fiscal_year = '2081/82' and (spent_on, id) < ('2025-01-01'::date, 50000)
        order by spent_on desc, id desc limit 51`
    )
    assert.match(page, /Index Scan Backward using expenditures_fiscal_year_spent_on_id_index/)
    assert.notMatch(page, /Sort/)
    const totals = await explain(
      `select category, sum(amount_paisa) from expenditures where fiscal_year = '2081/82' group by category`
    )
    assert.match(totals, /Index Only Scan using expenditures_fiscal_year_category_index/)
    await tenancy.run(first, () =>
      tenancy.db().from('expenditures').where('payee_name', 'Bulk payee').delete()
    )
  })

  test('list pages follow (date, id) without skipping or repeating entries of the same day', async ({
    assert,
  }) => {
    await tenancy.run(first, () =>
      tenancy.db().rawQuery(
        `insert into expenditures (fiscal_year, category, payee_name, voucher_number, amount_paisa,
                                   payment_method, spent_on, spent_on_bs)
         select '2080/81', 'other', 'Paged payee', 'PG-' || n, n, 'cash',
                date '2023-08-01' + (n % 3), '2080-04-16'
           from generate_series(1, 120) n`
      )
    )
    const seen: string[] = []
    let path = '/expenditures?fiscal_year=2080/81'
    for (let page = 0; page < 5; page++) {
      const html = await treasurer.agent.textOf(path)
      seen.push(...[...html.matchAll(/data-test="entry-(\d+)"/g)].map((match) => match[1]))
      const next = /href="([^"]+)" rel="next"/.exec(html)?.[1]
      if (!next) break
      path = next.replaceAll('&amp;', '&')
    }
    assert.lengthOf(seen, 120)
    assert.lengthOf(new Set(seen), 120)
    await tenancy.run(first, () =>
      tenancy.db().from('expenditures').where('payee_name', 'Paged payee').delete()
    )
  })

  test('a voucher number is used once per fiscal year', async ({ assert }) => {
    const firstTime = await treasurer.agent.post(
      '/expenditures',
      expenditure({ voucher_number: 'V-77', date: '2083-04-02' }),
      { from: '/expenditures/new' }
    )
    assert.equal(firstTime.status, 302)
    assert.notEqual(firstTime.location, '/expenditures/new')
    const again = await treasurer.agent.post(
      '/expenditures',
      expenditure({ voucher_number: 'V-77', date: '2083-04-03' }),
      { from: '/expenditures/new' }
    )
    assert.equal(again.location, '/expenditures/new')
    assert.include(
      await treasurer.agent.textOf('/expenditures/new'),
      'This voucher number is already used in this fiscal year.'
    )
    // The previous fiscal year has its own series.
    const lastYear = await treasurer.agent.post(
      '/expenditures',
      expenditure({ voucher_number: 'V-77', date: '2083-03-32' }),
      { from: '/expenditures/new' }
    )
    assert.equal(lastYear.location, '/expenditures?fiscal_year=2082/83')
  })

  test('fiscal year boundaries: the last day of Asar and Shrawan 1, in Nepal time', ({
    assert,
  }) => {
    const lastOfAsar = checkEntry('expenditure', expenditure({ date: '2083-03-32' }))
    const shrawanFirst = checkEntry('expenditure', expenditure({ date: '2083-04-01' }))
    assert.isTrue(lastOfAsar.ok && shrawanFirst.ok)
    if (!lastOfAsar.ok || !shrawanFirst.ok) return
    assert.include(lastOfAsar.values, { fiscal_year: '2082/83', spent_on: '2026-07-16' })
    assert.include(shrawanFirst.values, { fiscal_year: '2083/84', spent_on: '2026-07-17' })
    // AD dates are read as the same calendar day.
    const ad = checkEntry('income', {
      source: 'bank_interest',
      amount: '10',
      payment_method: 'bank_transfer',
      date: '2026-07-17',
      date_calendar: 'ad',
    })
    assert.isTrue(ad.ok && ad.values.fiscal_year === '2083/84')

    // The list's default fiscal year turns at 00:00 Shrawan 1 in Kathmandu (18:15 UTC).
    assert.equal(currentFiscalYear(new Date('2026-07-16T18:14:00Z')), '2082/83')
    assert.equal(currentFiscalYear(new Date('2026-07-16T18:45:00Z')), '2083/84')
    // And a Shrawan 1 date is not "in the future" at 00:30 that day in Kathmandu.
    const early = checkEntry(
      'expenditure',
      expenditure({ date: '2083-04-01' }),
      new Date('2026-07-16T18:45:00Z')
    )
    assert.isTrue(early.ok)
    const tooEarly = checkEntry(
      'expenditure',
      expenditure({ date: '2083-04-01' }),
      new Date('2026-07-16T18:14:00Z')
    )
    assert.deepEqual(tooEarly.ok ? [] : tooEarly.problems, [
      { field: 'date', code: 'date_in_future' },
    ])
  })

  test('a viewer reads the books but cannot write them (403, nothing changed)', async ({
    assert,
  }) => {
    const before = await rowsOf(first, 'expenditures')
    const page = await viewer.agent.get('/expenditures?fiscal_year=2083/84')
    assert.equal(page.status, 200)
    assert.notInclude(page.text, 'data-test="add-entry"')
    assert.include(page.text, 'only treasurers and admins change them')
    const form = await viewer.agent.get('/expenditures/new')
    assert.equal(form.status, 403)
    assert.include(form.text, 'You do not have permission to do that.')
    assert.equal(await viewer.agent.statusOf(`/expenditures/${before[0].id}/edit`), 403)
    assert.equal(await viewer.agent.statusOf('/income/new'), 403)

    await viewer.agent.post('/expenditures', expenditure(), { from: '/expenditures' })
    await viewer.agent.post(
      `/expenditures/${before[0].id}?_method=PUT`,
      expenditure({ amount: '1' }),
      { from: '/expenditures' }
    )
    await viewer.agent.post(
      `/expenditures/${before[0].id}?_method=DELETE`,
      {},
      { from: '/expenditures' }
    )
    await viewer.agent.post('/income', {
      source: 'other',
      amount: '5',
      payment_method: 'cash',
      date: '2083-05-01',
    })
    assert.deepEqual(await rowsOf(first, 'expenditures'), before)
    assert.lengthOf(await rowsOf(first, 'income_entries'), 1)
  })

  test('two parties with the same ids never see or touch each other’s books', async ({
    assert,
  }) => {
    const [mine] = await rowsOf(first, 'expenditures')
    await otherTreasurer.agent.post(
      '/expenditures',
      expenditure({ payee_name: 'Progress Printers', voucher_number: 'P-1' }),
      { from: '/expenditures/new' }
    )
    const [theirs] = await rowsOf(second, 'expenditures')
    assert.equal(theirs.id, 1, 'ids start at 1 in each party')

    const list = await otherTreasurer.agent.textOf('/expenditures?fiscal_year=2083/84')
    assert.include(list, 'Progress Printers')
    assert.notInclude(list, 'Shree Ganesh Properties')
    const ownList = await treasurer.agent.textOf('/expenditures?fiscal_year=2083/84')
    assert.notInclude(ownList, 'Progress Printers')

    // Ids that exist only in the first party are 404 on the second party's host.
    const missing = Number(mine.id) + 1000
    assert.equal(await otherTreasurer.agent.statusOf(`/expenditures/${missing}/edit`), 404)
    // Editing id 1 on the second host changes the second party's row only.
    const beforeFirst = await rowsOf(first, 'expenditures')
    await otherTreasurer.agent.post(
      `/expenditures/${theirs.id}?_method=PUT`,
      expenditure({ payee_name: 'Progress Printers', voucher_number: 'P-1', amount: '42' }),
      { from: `/expenditures/${theirs.id}/edit` }
    )
    const [changed] = await rowsOf(second, 'expenditures')
    assert.equal(changed.amount_text, '4200')
    assert.deepEqual(await rowsOf(first, 'expenditures'), beforeFirst)

    // A session of one party is not honoured on the other's host.
    const stray = new PortalAgent(portalHost(second))
    for (const [name, value] of treasurer.agent.cookies) stray.cookies.set(name, value)
    assert.equal(await stray.locationOf('/expenditures'), '/login')
  })
})
