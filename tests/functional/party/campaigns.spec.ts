import { test } from '@japa/runner'
import { candidateOptions, candidatesPage } from '#party/campaigns/campaign_queries'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { addDemoMembers } from '#party/members/demo_members'
import { addDemoCampaign } from '#party/campaigns/demo_campaign'
import { nepalCalendarDate } from '#party/calendar/bikram_sambat'
import { dropTenant } from '#tests/helpers/tenancy'
import { signedInStaff as signedIn } from '#tests/helpers/portal'
import { emptyQueue } from '#tests/helpers/queues'
import { addModule } from '#actions/tenants/manage_tenant'
import { QUEUES } from '#services/job_queue'

type Signed = Awaited<ReturnType<typeof signedIn>>

function rows(tenant: Tenant, table: string) {
  return tenancy.run(tenant, () => tenancy.db().from(table).orderBy('id').select('*'))
}

function rowsWhere(tenant: Tenant, table: string, where: Record<string, unknown>) {
  return tenancy.run(tenant, () => tenancy.db().from(table).where(where).orderBy('id').select('*'))
}

function auditOf(tenant: Tenant, type: string, id: number) {
  return tenancy.run(tenant, () =>
    tenancy
      .db()
      .from('audit_logs')
      .where({ auditable_type: type, auditable_id: id })
      .orderBy('id')
      .select('*')
  )
}

function campaignForm(overrides: Record<string, unknown> = {}) {
  return {
    name: 'HoR election 2079',
    name_np: 'प्रतिनिधि सभा निर्वाचन २०७९',
    election_type: 'federal',
    election_date: '2022-11-20',
    status: 'active',
    expense_statement_days: '35',
    ceiling_warning_percent: '80',
    ...overrides,
  }
}

/** Creates a campaign through the form; returns its id. */
async function createCampaign(who: Signed, overrides: Record<string, unknown> = {}) {
  const saved = await who.agent.post('/campaigns', campaignForm(overrides), {
    from: '/campaigns/new',
  })
  if (saved.status !== 302 || !/^\/campaigns\/\d+$/.test(saved.location ?? '')) {
    throw new Error(`campaign not created: ${saved.status} ${saved.location}`)
  }
  return Number(saved.location!.split('/').pop())
}

/** Adds a candidate through the form; returns its id. */
async function addCandidate(who: Signed, campaignId: number, form: Record<string, unknown>) {
  const saved = await who.agent.post(`/campaigns/${campaignId}/candidates`, form, {
    from: `/campaigns/${campaignId}/candidates/new`,
  })
  const match = /\/candidates\/(\d+)$/.exec(saved.location ?? '')
  if (!match) throw new Error(`candidate not added: ${saved.status} ${saved.location}`)
  return Number(match[1])
}

function spend(who: Signed, campaignId: number, candidateId: number, amount: string) {
  return who.agent.post(
    `/campaigns/${campaignId}/candidates/${candidateId}/expenses`,
    {
      spent_on: '2022-11-10',
      category: 'publicity',
      amount,
      description: 'Posters',
    },
    { from: `/campaigns/${campaignId}/candidates/${candidateId}` }
  )
}

/** The candidate's standing against the ceiling, as its page says it. */
async function levelOf(who: Signed, campaignId: number, candidateId: number) {
  const html = await who.agent.textOf(`/campaigns/${campaignId}/candidates/${candidateId}`)
  return /data-test="spending" data-level="([a-z_]+)"/.exec(html)?.[1]
}

/**
 * The election campaign module on party hosts: only for parties that have
 * it, spending against ceilings at the warning boundary, results, roles,
 * audit rows, hostile input and isolation between two parties.
 */
test.group('Election campaigns', (group) => {
  const suffix = randomBytes(3).toString('hex')
  let first: Tenant
  let second: Tenant
  let plain: Tenant
  let admin: Signed
  let secretary: Signed
  let viewer: Signed
  let otherAdmin: Signed
  let plainAdmin: Signed

  group.setup(async () => {
    first = await createTenant({
      slug: `camp-a-${suffix}`,
      name: 'Unity Party',
      template: 'political_party_nepal',
      modules: ['election_campaign'],
    })
    second = await createTenant({
      slug: `camp-b-${suffix}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
      modules: ['election_campaign'],
    })
    plain = await createTenant({
      slug: `camp-c-${suffix}`,
      name: 'Plain Party',
      template: 'political_party_nepal',
    })
    await Promise.all([
      provisioner.provision(first),
      provisioner.provision(second),
      provisioner.provision(plain),
    ])
    for (const tenant of [first, second, plain]) {
      await tenancy.run(tenant, () => addDemoMembers(tenancy.db(), 8))
    }
    admin = await signedIn(first, 'admin')
    secretary = await signedIn(first, 'secretary')
    viewer = await signedIn(first, 'viewer')
    otherAdmin = await signedIn(second, 'admin')
    plainAdmin = await signedIn(plain, 'admin')
  })

  group.teardown(async () => {
    await dropTenant(first)
    await dropTenant(second)
    await dropTenant(plain)
  })

  test('a party without the module gets 404 on every campaign page and no menu item', async ({
    assert,
  }) => {
    const campaignId = await createCampaign(admin)
    const candidateId = await addCandidate(admin, campaignId, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Kathmandu-1',
    })
    const gets = [
      '/campaigns',
      '/campaigns/new',
      `/campaigns/${campaignId}`,
      `/campaigns/${campaignId}/edit`,
      `/campaigns/${campaignId}/candidates/new`,
      `/campaigns/${campaignId}/candidates/${candidateId}`,
      `/campaigns/${campaignId}/candidates/${candidateId}/edit`,
      `/campaigns/${campaignId}/events`,
      `/campaigns/${campaignId}/events/new`,
      `/campaigns/${campaignId}/ceilings`,
      `/campaigns/${campaignId}/results`,
    ]
    for (const path of gets) {
      assert.equal(await admin.agent.statusOf(path), 200, `${path} with the module`)
      assert.equal(await plainAdmin.agent.statusOf(path), 404, `${path} without the module`)
    }
    const posts = [
      '/campaigns',
      `/campaigns/${campaignId}?_method=PUT`,
      `/campaigns/${campaignId}/candidates`,
      `/campaigns/${campaignId}/candidates/${candidateId}?_method=PUT`,
      `/campaigns/${campaignId}/candidates/${candidateId}/status`,
      `/campaigns/${campaignId}/candidates/${candidateId}/expenses`,
      `/campaigns/${campaignId}/candidates/${candidateId}/expenses/1?_method=DELETE`,
      `/campaigns/${campaignId}/events`,
      `/campaigns/${campaignId}/events/1?_method=PUT`,
      `/campaigns/${campaignId}/ceilings`,
      `/campaigns/${campaignId}/ceilings/1?_method=PUT`,
      `/campaigns/${campaignId}/ceilings/1?_method=DELETE`,
      `/campaigns/${campaignId}/results`,
    ]
    for (const path of posts) {
      const response = await plainAdmin.agent.post(path, campaignForm(), { from: '/dashboard' })
      assert.equal(response.status, 404, `POST ${path} without the module`)
    }
    assert.include(await plainAdmin.agent.textOf('/dashboard'), 'Members')
    assert.notInclude(await plainAdmin.agent.textOf('/dashboard'), 'data-test="nav-campaigns"')
    assert.include(await admin.agent.textOf('/dashboard'), 'data-test="nav-campaigns"')
    assert.notInclude(await plainAdmin.agent.textOf('/members'), 'href="/campaigns"')
  })

  test('an admin creates a campaign; the row and its audit entry are written together', async ({
    assert,
  }) => {
    const before = await rows(first, 'election_campaigns')
    const id = await createCampaign(admin, { name: 'Provincial 2079', election_type: 'provincial' })
    const [campaign] = await rowsWhere(first, 'election_campaigns', { id: id })
    assert.lengthOf(await rows(first, 'election_campaigns'), before.length + 1)
    assert.equal(campaign.election_date_bs, '2079-08-04')
    assert.equal(campaign.fiscal_year, '2079/80')
    assert.equal(campaign.ceiling_warning_percent, 80)
    const [audit] = await auditOf(first, 'election_campaigns', id)
    assert.equal(audit.action, 'created')
    assert.equal(audit.user_id, admin.user.id)
    assert.equal(audit.new_values.name, 'Provincial 2079')

    const page = await admin.agent.textOf(`/campaigns/${id}`)
    assert.include(page, 'Provincial 2079')
    assert.include(page, '4 Mangsir 2079 (2022-11-20)')

    const edited = await admin.agent.post(
      `/campaigns/${id}?_method=PUT`,
      campaignForm({ name: 'Provincial 2079', election_type: 'provincial', status: 'completed' }),
      { from: `/campaigns/${id}/edit` }
    )
    assert.equal(edited.location, `/campaigns/${id}`)
    const trail = await auditOf(first, 'election_campaigns', id)
    assert.deepEqual(trail[1].old_values, { status: 'active' })
    assert.deepEqual(trail[1].new_values, { status: 'completed' })
  })

  test('candidates: FPTP needs a constituency, PR a rank; a member stands once', async ({
    assert,
  }) => {
    const id = await createCampaign(admin)
    const fptp = await addCandidate(admin, id, {
      membership_id: 'm-००००02',
      election_system: 'fptp',
      constituency: 'Lalitpur-2',
    })
    const pr = await addCandidate(admin, id, {
      membership_id: 'M-000003',
      election_system: 'pr',
      pr_list_rank: '1',
      constituency: 'ignored for PR',
    })
    const saved = await rowsWhere(first, 'candidates', { campaign_id: id })
    assert.deepEqual(
      saved.map((row) => [row.id, row.election_system, row.constituency, row.pr_list_rank]),
      [
        [fptp, 'fptp', 'Lalitpur-2', null],
        [pr, 'pr', null, 1],
      ]
    )
    assert.lengthOf(await auditOf(first, 'candidates', fptp), 1)
    assert.lengthOf(await auditOf(first, 'candidates', pr), 1)

    const cases: Array<[Record<string, unknown>, string, string]> = [
      [
        { membership_id: 'M-000004', election_system: 'fptp', constituency: '' },
        'constituency',
        'Enter the constituency of a first-past-the-post candidate.',
      ],
      [
        { membership_id: 'M-000004', election_system: 'pr' },
        'pr_list_rank',
        'Enter the rank on the proportional list.',
      ],
      [
        { membership_id: 'M-000002', election_system: 'fptp', constituency: 'Lalitpur-3' },
        'membership_id',
        'This member already stands in this campaign.',
      ],
      [
        { membership_id: 'M-000005', election_system: 'pr', pr_list_rank: '1' },
        'pr_list_rank',
        'Another candidate already has this rank on the list.',
      ],
      [
        { membership_id: 'M-999999', election_system: 'fptp', constituency: 'Jhapa-5' },
        'membership_id',
        'No member of the party has this membership ID.',
      ],
    ]
    for (const [form, , message] of cases) {
      const refused = await admin.agent.post(`/campaigns/${id}/candidates`, form, {
        from: `/campaigns/${id}/candidates/new`,
      })
      assert.equal(refused.location, `/campaigns/${id}/candidates/new`)
      assert.include(await admin.agent.textOf(`/campaigns/${id}/candidates/new`), message)
    }
    assert.lengthOf(
      await rowsWhere(first, 'candidates', { campaign_id: id }),
      2,
      'nothing refused was stored'
    )
  })

  test('candidates are listed in ballot order: Kathmandu-2 before Kathmandu-10, PR by rank', async ({
    assert,
  }) => {
    const id = await createCampaign(admin, { name: 'Ballot order' })
    const added = [
      ['M-000001', 'fptp', 'Kathmandu-10', ''],
      ['M-000002', 'pr', '', '2'],
      ['M-000003', 'fptp', 'Kathmandu-2', ''],
      ['M-000004', 'fptp', 'Jhapa-5', ''],
      ['M-000005', 'pr', '', '1'],
      ['M-000006', 'fptp', 'kathmandu-9', ''],
    ]
    for (const [member, system, constituency, rank] of added) {
      await addCandidate(admin, id, {
        membership_id: member,
        election_system: system,
        constituency,
        pr_list_rank: rank,
      })
    }
    const expected = ['Jhapa-5', 'Kathmandu-2', 'kathmandu-9', 'Kathmandu-10', 'PR 1', 'PR 2']
    const label = (row: Record<string, any>) => row.constituency ?? `PR ${row.pr_list_rank}`
    await tenancy.run(first, async () => {
      const page = await candidatesPage({ id, ceiling_warning_percent: 80 }, 1)
      assert.deepEqual(page.rows.map(label), expected)
      const options = await candidateOptions(id)
      assert.deepEqual(options.map(label), expected)
    })
  })

  test('the nomination workflow allows only its own moves, each audited', async ({ assert }) => {
    const id = await createCampaign(admin)
    const candidate = await addCandidate(admin, id, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Kathmandu-3',
    })
    const move = (status: string) =>
      admin.agent.post(
        `/campaigns/${id}/candidates/${candidate}/status`,
        { status },
        { from: `/campaigns/${id}/candidates/${candidate}` }
      )
    await move('elected')
    assert.include(
      await admin.agent.textOf(`/campaigns/${id}/candidates/${candidate}`),
      'A candidate cannot go from this status to that one.'
    )
    await move('nominated')
    await move('elected')
    await move('proposed')
    const [row] = await rowsWhere(first, 'candidates', { id: candidate })
    assert.equal(row.status, 'elected')
    const [, ...trail] = await auditOf(first, 'candidates', candidate)
    assert.deepEqual(
      trail.map((entry) => [entry.old_values.status, entry.new_values.status]),
      [
        ['proposed', 'nominated'],
        ['nominated', 'elected'],
      ]
    )
  })

  test('spending warns from exactly 80 % of the ceiling, not at 79.99 %; above it is over', async ({
    assert,
  }) => {
    const id = await createCampaign(admin)
    const candidate = await addCandidate(admin, id, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Kathmandu-1',
    })
    assert.equal(await levelOf(admin, id, candidate), 'no_ceiling')
    // Spaced and capitalised differently: the same constituency.
    const saved = await admin.agent.post(
      `/campaigns/${id}/ceilings`,
      { election_system: 'fptp', constituency: ' kathmandu -1 ', amount: '25,00,000' },
      { from: `/campaigns/${id}/ceilings` }
    )
    assert.equal(saved.location, `/campaigns/${id}/ceilings`)
    const [ceiling] = await rowsWhere(first, 'spending_ceilings', { campaign_id: id })
    assert.equal(ceiling.amount_paisa, '250000000')

    await spend(admin, id, candidate, '19,99,999.99')
    assert.equal(await levelOf(admin, id, candidate), 'ok', '79.99…% does not warn')
    const almost = await admin.agent.textOf(`/campaigns/${id}/candidates/${candidate}`)
    assert.include(almost, 'data-test="used">79.99 %<')

    const warned = await spend(admin, id, candidate, '0.01')
    assert.equal(warned.status, 302)
    const atEighty = await admin.agent.textOf(`/campaigns/${id}/candidates/${candidate}`)
    assert.include(atEighty, 'data-level="warning"', 'exactly 80 % warns')
    assert.include(atEighty, 'data-test="used">80.00 %<')
    assert.include(atEighty, 'This candidate has now spent 80.00 % of the ceiling of Rs 25,00,000.')

    await spend(admin, id, candidate, '5,00,000')
    assert.equal(await levelOf(admin, id, candidate), 'warning', 'exactly the ceiling is not over')
    await spend(admin, id, candidate, '0.01')
    assert.equal(await levelOf(admin, id, candidate), 'over')
    const over = await admin.agent.textOf(`/campaigns/${id}/candidates/${candidate}`)
    assert.include(over, 'Spending is over the ceiling of Rs 25,00,000 by Rs 0.01.')

    const overview = await admin.agent.textOf(`/campaigns/${id}`)
    assert.include(overview, 'data-test="over-count">1<')
    assert.include(overview, 'data-level="over"')
  })

  test('the warning share is a campaign setting', async ({ assert }) => {
    const id = await createCampaign(admin, { ceiling_warning_percent: '90' })
    const candidate = await addCandidate(admin, id, {
      membership_id: 'M-000002',
      election_system: 'pr',
      pr_list_rank: '3',
    })
    await admin.agent.post(
      `/campaigns/${id}/ceilings`,
      { election_system: 'pr', amount: '200000' },
      { from: `/campaigns/${id}/ceilings` }
    )
    await spend(admin, id, candidate, '1,79,999')
    assert.equal(await levelOf(admin, id, candidate), 'ok', '89.99 % under a 90 % setting')
    await spend(admin, id, candidate, '1')
    assert.equal(await levelOf(admin, id, candidate), 'warning')
  })

  test('money adds up in paisa: 0.10 + 0.20 is exactly Rs 0.30', async ({ assert }) => {
    const id = await createCampaign(admin)
    const candidate = await addCandidate(admin, id, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Bhaktapur-1',
    })
    await spend(admin, id, candidate, '0.10')
    await spend(admin, id, candidate, '0.20')
    await spend(admin, id, candidate, '१२,३४५.६७')
    const entries = await rowsWhere(first, 'candidate_expenses', { candidate_id: candidate })
    assert.deepEqual(
      entries.map((row) => row.amount_paisa),
      ['10', '20', '1234567']
    )
    const page = await admin.agent.textOf(`/campaigns/${id}/candidates/${candidate}`)
    assert.include(page, 'data-test="spent">Rs 12,345.97<')

    const audits = []
    for (const entry of entries)
      audits.push(...(await auditOf(first, 'candidate_expenses', entry.id)))
    assert.deepEqual(
      audits.map((row) => row.new_values.amount_paisa),
      [10, 20, 1234567]
    )

    // A correction deletes the entry; the audit row keeps what it was.
    await admin.agent.post(
      `/campaigns/${id}/candidates/${candidate}/expenses/${entries[2].id}?_method=DELETE`,
      {},
      { from: `/campaigns/${id}/candidates/${candidate}` }
    )
    const [, deleted] = await auditOf(first, 'candidate_expenses', entries[2].id)
    assert.equal(deleted.old_values.amount_paisa, '1234567')
    assert.include(
      await admin.agent.textOf(`/campaigns/${id}/candidates/${candidate}`),
      'data-test="spent">Rs 0.30<'
    )
  })

  test('hostile amounts and numbers are refused with clear messages in both languages', async ({
    assert,
  }) => {
    const id = await createCampaign(admin)
    const candidate = await addCandidate(admin, id, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Chitwan-2',
    })
    const page = `/campaigns/${id}/candidates/${candidate}`
    const english: Array<[string, string]> = [
      ['NaN', 'Write the amount as rupees, e.g. 25000 or 25,000.50'],
      ['Infinity', 'Write the amount as rupees, e.g. 25000 or 25,000.50'],
      ['1e5', 'Write the amount as rupees, e.g. 25000 or 25,000.50'],
      ['-500', 'The amount must be more than zero'],
      ['0', 'The amount must be more than zero'],
      ['25.505', 'At most two decimals (paisa)'],
      ['99999999999999999999', 'The amount is too large'],
      ['১২৩', 'Write the amount with digits 0–9 or ०–९'],
      ['', 'The amount field is required'],
    ]
    for (const [amount, message] of english) {
      const refused = await spend(admin, id, candidate, amount)
      assert.equal(refused.location, page, amount)
      assert.include(await admin.agent.textOf(page), message, amount)
    }
    await admin.agent.switchLocale('ne')
    await spend(admin, id, candidate, 'NaN')
    assert.include(await admin.agent.textOf(page), 'रकम रुपैयाँमा लेख्नुहोस्')
    await spend(admin, id, candidate, '-1')
    assert.include(await admin.agent.textOf(page), 'रकम शून्यभन्दा बढी हुनुपर्छ')
    await spend(admin, id, candidate, '')
    assert.include(await admin.agent.textOf(page), 'रकम आवश्यक छ')
    await admin.agent.switchLocale('en')
    assert.lengthOf(
      await rowsWhere(first, 'candidate_expenses', { candidate_id: candidate }),
      0,
      'nothing stored'
    )

    const { length: campaigns } = await rows(first, 'election_campaigns')
    for (const [field, value] of [
      ['expense_statement_days', 'NaN'],
      ['expense_statement_days', '-1'],
      ['expense_statement_days', '366'],
      ['ceiling_warning_percent', '80.5'],
      ['ceiling_warning_percent', '0'],
      ['election_date', '2022-02-30'],
      ['is_by_election', 'maybe'],
      ['name', ''],
    ]) {
      const refused = await admin.agent.post('/campaigns', campaignForm({ [field]: value }), {
        from: '/campaigns/new',
      })
      assert.equal(refused.location, '/campaigns/new', `${field}=${value}`)
    }
    assert.lengthOf(await rows(first, 'election_campaigns'), campaigns)

    // Non-ASCII text is kept as typed.
    const nepali = await createCampaign(admin, { name: 'उपनिर्वाचन २०८०', is_by_election: '1' })
    const [row] = await rowsWhere(first, 'election_campaigns', { id: nepali })
    assert.equal(row.name, 'उपनिर्वाचन २०८०')
    assert.isTrue(row.is_by_election)

    const badCeiling = await admin.agent.post(
      `/campaigns/${id}/ceilings`,
      { election_system: 'fptp', constituency: 'Chitwan-2', amount: 'NaN' },
      { from: `/campaigns/${id}/ceilings` }
    )
    assert.equal(badCeiling.location, `/campaigns/${id}/ceilings`)
    assert.lengthOf(await rowsWhere(first, 'spending_ceilings', { campaign_id: id }), 0)
  })

  test('vote percentage: exact, rounded half up, and none when no votes were counted', async ({
    assert,
  }) => {
    const id = await createCampaign(admin)
    const candidate = await addCandidate(admin, id, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Tanahun-1',
    })
    const enter = (votes: string, total: string, extra: Record<string, unknown> = {}) =>
      admin.agent.post(
        `/campaigns/${id}/results`,
        { candidate_id: candidate, votes, total_valid_votes: total, ...extra },
        { from: `/campaigns/${id}/results` }
      )
    const percentShown = async () => {
      const html = await admin.agent.textOf(`/campaigns/${id}/results`)
      return /data-test="vote-percent">([^<]*)</.exec(html)?.[1]
    }

    const first0 = await enter('0', '0')
    assert.equal(first0.location, `/campaigns/${id}/results`)
    assert.equal(await percentShown(), '—', '0 of 0 is no percentage, not NaN')
    await enter('0', '100')
    assert.equal(await percentShown(), '0.00 %')
    await enter('1', '3')
    assert.equal(await percentShown(), '33.33 %')
    await enter('2', '3', { is_winner: '1' })
    assert.equal(await percentShown(), '66.67 %')
    await enter('१२,३४५', '४५,६७८')
    assert.equal(await percentShown(), '27.03 %')

    await enter('101', '100')
    assert.include(
      await admin.agent.textOf(`/campaigns/${id}/results`),
      'A candidate cannot have more votes than the valid votes counted.'
    )
    await enter('NaN', '100')
    assert.include(
      await admin.agent.textOf(`/campaigns/${id}/results`),
      'Enter a whole number of votes'
    )
    const results = await rowsWhere(first, 'election_results', { candidate_id: candidate })
    assert.lengthOf(results, 1, 'one total row per candidate')
    assert.equal(results[0].votes, 12345)
    const totals = await rowsWhere(first, 'constituency_results', { campaign_id: id })
    assert.deepEqual(
      totals.map((row) => [row.constituency, row.total_valid_votes]),
      [['Tanahun-1', 45678]]
    )
    const audits = await auditOf(first, 'election_results', results[0].id)
    assert.lengthOf(audits, 5)
  })

  test('the expense statement deadline counts days from the declared results', async ({
    assert,
  }) => {
    const today = nepalCalendarDate()
    const declared = new Date(Date.UTC(today.year, today.month - 1, today.day - 5))
    const iso = declared.toISOString().slice(0, 10)
    const id = await createCampaign(admin, { results_declared_on: iso })
    let html = await admin.agent.textOf(`/campaigns/${id}`)
    assert.include(html, '30 days left')

    await admin.agent.post(
      `/campaigns/${id}?_method=PUT`,
      campaignForm({ results_declared_on: iso, expense_statement_days: '4' }),
      { from: `/campaigns/${id}/edit` }
    )
    html = await admin.agent.textOf(`/campaigns/${id}`)
    assert.include(html, 'Overdue by 1 day')

    await admin.agent.post(
      `/campaigns/${id}?_method=PUT`,
      campaignForm({
        results_declared_on: iso,
        expense_statement_days: '4',
        expense_statement_filed_on: iso,
      }),
      { from: `/campaigns/${id}/edit` }
    )
    html = await admin.agent.textOf(`/campaigns/${id}`)
    assert.include(html, 'Filed on ')
    assert.notInclude(html, 'Overdue')

    const pending = await createCampaign(admin)
    assert.include(
      await admin.agent.textOf(`/campaigns/${pending}`),
      'Due 35 days after the results are declared.'
    )
  })

  test('events are kept in Nepal time and belong to their own campaign', async ({ assert }) => {
    const id = await createCampaign(admin)
    const other = await createCampaign(admin)
    const foreign = await addCandidate(admin, other, {
      membership_id: 'M-000006',
      election_system: 'fptp',
      constituency: 'Bara-2',
    })
    const form = {
      title: 'Rally at Tundikhel',
      event_type: 'rally',
      starts_at: '2022-11-15T09:30',
      ends_at: '2022-11-15T12:00',
      status: 'planned',
    }
    const saved = await admin.agent.post(`/campaigns/${id}/events`, form, {
      from: `/campaigns/${id}/events/new`,
    })
    assert.equal(saved.location, `/campaigns/${id}/events`)
    const [event] = await rowsWhere(first, 'campaign_events', { campaign_id: id })
    assert.equal((event.starts_at as Date).toISOString(), '2022-11-15T03:45:00.000Z')
    assert.include(await admin.agent.textOf(`/campaigns/${id}/events`), '29 Kartik 2079 09:30')

    await admin.agent.post(
      `/campaigns/${id}/events`,
      { ...form, ends_at: '2022-11-15T09:00' },
      { from: `/campaigns/${id}/events/new` }
    )
    assert.include(
      await admin.agent.textOf(`/campaigns/${id}/events/new`),
      'The event cannot end before it starts.'
    )
    await admin.agent.post(
      `/campaigns/${id}/events`,
      { ...form, candidate_id: foreign },
      { from: `/campaigns/${id}/events/new` }
    )
    assert.include(
      await admin.agent.textOf(`/campaigns/${id}/events/new`),
      'Choose a candidate of this campaign.'
    )
    await admin.agent.post(
      `/campaigns/${id}/events`,
      { ...form, starts_at: '2022-13-01T09:00' },
      { from: `/campaigns/${id}/events/new` }
    )
    assert.include(await admin.agent.textOf(`/campaigns/${id}/events/new`), 'Enter a date and time')
    assert.lengthOf(await rowsWhere(first, 'campaign_events', { campaign_id: id }), 1)
    const [audit] = await auditOf(first, 'campaign_events', event.id)
    assert.equal(audit.action, 'created')
  })

  test('edits of candidates, events and ceilings are audited with what changed', async ({
    assert,
  }) => {
    const id = await createCampaign(admin)
    const candidate = await addCandidate(admin, id, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Kathmandu-9',
    })
    const edited = await secretary.agent.post(
      `/campaigns/${id}/candidates/${candidate}?_method=PUT`,
      { membership_id: 'M-000001', election_system: 'fptp', constituency: 'Kathmandu-10' },
      { from: `/campaigns/${id}/candidates/${candidate}/edit` }
    )
    assert.equal(edited.location, `/campaigns/${id}/candidates/${candidate}`)
    const [, update] = await auditOf(first, 'candidates', candidate)
    assert.equal(update.user_id, secretary.user.id)
    assert.deepEqual(update.old_values, { constituency: 'Kathmandu-9' })
    assert.deepEqual(update.new_values, { constituency: 'Kathmandu-10' })

    await admin.agent.post(
      `/campaigns/${id}/events`,
      {
        title: 'Corner meeting',
        event_type: 'corner_meeting',
        starts_at: '2022-11-12T16:00',
        status: 'planned',
      },
      { from: `/campaigns/${id}/events/new` }
    )
    const [event] = await rowsWhere(first, 'campaign_events', { campaign_id: id })
    await admin.agent.post(
      `/campaigns/${id}/events/${event.id}?_method=PUT`,
      {
        title: 'Corner meeting',
        event_type: 'corner_meeting',
        starts_at: '2022-11-12T16:00',
        status: 'cancelled',
      },
      { from: `/campaigns/${id}/events/${event.id}/edit` }
    )
    const [, eventUpdate] = await auditOf(first, 'campaign_events', event.id)
    assert.deepEqual(eventUpdate.old_values, { status: 'planned' })
    assert.deepEqual(eventUpdate.new_values, { status: 'cancelled' })
    assert.include(await admin.agent.textOf(`/campaigns/${id}/events`), 'Cancelled')

    await admin.agent.post(
      `/campaigns/${id}/ceilings`,
      { election_system: 'fptp', constituency: 'Kathmandu-10', amount: '27,00,000' },
      { from: `/campaigns/${id}/ceilings` }
    )
    const [ceiling] = await rowsWhere(first, 'spending_ceilings', { campaign_id: id })
    const duplicate = await admin.agent.post(
      `/campaigns/${id}/ceilings`,
      { election_system: 'fptp', constituency: 'KATHMANDU-10', amount: '1' },
      { from: `/campaigns/${id}/ceilings` }
    )
    assert.equal(duplicate.location, `/campaigns/${id}/ceilings`)
    assert.include(
      await admin.agent.textOf(`/campaigns/${id}/ceilings`),
      'A ceiling for this constituency is already recorded'
    )
    await admin.agent.post(
      `/campaigns/${id}/ceilings/${ceiling.id}?_method=PUT`,
      { amount: '26,00,000.50' },
      { from: `/campaigns/${id}/ceilings` }
    )
    await admin.agent.post(
      `/campaigns/${id}/ceilings/${ceiling.id}?_method=DELETE`,
      {},
      { from: `/campaigns/${id}/ceilings` }
    )
    const trail = await auditOf(first, 'spending_ceilings', ceiling.id)
    assert.deepEqual(
      trail.map((row) => [row.action, row.old_values, row.new_values?.amount_paisa]),
      [
        ['created', null, 270_000_000],
        ['updated', { amount_paisa: 270_000_000 }, 260_000_050],
        [
          'deleted',
          { election_system: 'fptp', constituency: 'Kathmandu-10', amount_paisa: 260_000_050 },
          undefined,
        ],
      ]
    )
    assert.lengthOf(await rowsWhere(first, 'spending_ceilings', { campaign_id: id }), 0)
  })

  test('viewers read but cannot write; secretaries write but do not keep ceilings', async ({
    assert,
  }) => {
    const id = await createCampaign(admin)
    const candidate = await addCandidate(admin, id, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Kathmandu-6',
    })
    for (const path of [
      '/campaigns',
      `/campaigns/${id}`,
      `/campaigns/${id}/candidates/${candidate}`,
      `/campaigns/${id}/events`,
      `/campaigns/${id}/ceilings`,
      `/campaigns/${id}/results`,
    ]) {
      assert.equal(await viewer.agent.statusOf(path), 200, path)
    }
    for (const path of [
      '/campaigns/new',
      `/campaigns/${id}/edit`,
      `/campaigns/${id}/candidates/new`,
      `/campaigns/${id}/candidates/${candidate}/edit`,
      `/campaigns/${id}/events/new`,
    ]) {
      const page = await viewer.agent.get(path)
      assert.equal(page.status, 403, path)
      assert.include(page.text, 'You do not have permission to do that.')
    }
    const viewerPage = await viewer.agent.textOf(`/campaigns/${id}/candidates/${candidate}`)
    assert.notInclude(viewerPage, 'data-test="expense-form"')

    const { length: campaignCount } = await rows(first, 'election_campaigns')
    await viewer.agent.post('/campaigns', campaignForm(), { from: '/campaigns' })
    await spend(viewer, id, candidate, '100')
    await viewer.agent.post(
      `/campaigns/${id}/ceilings`,
      { election_system: 'pr', amount: '200000' },
      { from: `/campaigns/${id}/ceilings` }
    )
    await viewer.agent.post(
      `/campaigns/${id}/candidates/${candidate}/status`,
      { status: 'nominated' },
      { from: `/campaigns/${id}` }
    )
    assert.lengthOf(await rows(first, 'election_campaigns'), campaignCount)
    assert.lengthOf(await rowsWhere(first, 'candidate_expenses', { candidate_id: candidate }), 0)
    const [unchanged] = await rowsWhere(first, 'candidates', { id: candidate })
    assert.equal(unchanged.status, 'proposed')

    const bySecretary = await spend(secretary, id, candidate, '100')
    assert.equal(bySecretary.status, 302)
    assert.lengthOf(await rowsWhere(first, 'candidate_expenses', { candidate_id: candidate }), 1)
    await secretary.agent.post(
      `/campaigns/${id}/ceilings`,
      { election_system: 'pr', amount: '200000' },
      { from: `/campaigns/${id}/ceilings` }
    )
    assert.lengthOf(
      await rowsWhere(first, 'spending_ceilings', { campaign_id: id }),
      0,
      'only admins keep the ceilings'
    )
    assert.notInclude(
      await secretary.agent.textOf(`/campaigns/${id}/ceilings`),
      'data-test="ceiling-form"'
    )
  })

  test('the demo campaign shows every spending state and the results', async ({ assert }) => {
    const id = await tenancy.run(second, () => addDemoCampaign(tenancy.db()))
    assert.isNotNull(id)
    assert.isNull(await tenancy.run(second, () => addDemoCampaign(tenancy.db())), 'added once only')
    const html = await otherAdmin.agent.textOf(`/campaigns/${id}`)
    const levels = [...html.matchAll(/data-test="candidate-row" data-level="([a-z_]+)"/g)].map(
      (match) => match[1]
    )
    assert.sameMembers(levels, ['warning', 'ok', 'over', 'ok', 'no_ceiling', 'warning', 'ok'])
    assert.include(html, 'data-test="warning-count">2<')
    assert.include(html, 'data-test="over-count">1<')
    assert.include(html, 'Filed on ')
    const results = await otherAdmin.agent.textOf(`/campaigns/${id}/results`)
    assert.include(results, '44.60 %', '18,452 of 41,370')
    const ceilings = await otherAdmin.agent.textOf(`/campaigns/${id}/ceilings`)
    assert.include(ceilings, 'Rs 25,00,000')
    assert.include(ceilings, 'Rs 31,00,000')
    assert.include(ceilings, 'Rs 2,00,000')
  })

  test('two parties with the module, same ids: each sees and changes only its own', async ({
    assert,
  }) => {
    const ours = await createCampaign(admin, { name: 'Unity campaign' })
    const ourCandidate = await addCandidate(admin, ours, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Kathmandu-7',
    })
    await spend(admin, ours, ourCandidate, '7,77,777')

    // Line the other party's sequences up so both parties hold the same ids.
    await tenancy.run(second, async () => {
      await tenancy.db().rawQuery(`select setval('election_campaigns_id_seq', ?, false)`, [ours])
      await tenancy.db().rawQuery(`select setval('candidates_id_seq', ?, false)`, [ourCandidate])
    })
    const theirs = await createCampaign(otherAdmin, { name: 'Progress campaign' })
    assert.equal(theirs, ours, 'the same campaign id in both parties')
    const theirCandidate = await addCandidate(otherAdmin, theirs, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Kathmandu-7',
    })
    assert.equal(theirCandidate, ourCandidate, 'the same candidate id in both parties')

    const theirPage = await otherAdmin.agent.textOf(`/campaigns/${theirs}`)
    assert.include(theirPage, 'Progress campaign')
    assert.notInclude(theirPage, 'Unity campaign')
    assert.notInclude(await otherAdmin.agent.textOf('/campaigns'), 'Unity campaign')
    const theirCandidatePage = await otherAdmin.agent.textOf(
      `/campaigns/${theirs}/candidates/${theirCandidate}`
    )
    assert.include(theirCandidatePage, 'data-test="spent">Rs 0<')

    await spend(otherAdmin, theirs, theirCandidate, '1')
    await otherAdmin.agent.post(
      `/campaigns/${theirs}/ceilings`,
      { election_system: 'fptp', constituency: 'Kathmandu-7', amount: '27,00,000' },
      { from: `/campaigns/${theirs}/ceilings` }
    )
    assert.include(
      await admin.agent.textOf(`/campaigns/${ours}/candidates/${ourCandidate}`),
      'data-test="spent">Rs 7,77,777<'
    )
    assert.equal(await levelOf(admin, ours, ourCandidate), 'no_ceiling')
    assert.lengthOf(await rowsWhere(first, 'spending_ceilings', { campaign_id: ours }), 0)
    const theirExpenses = await rowsWhere(second, 'candidate_expenses', {
      candidate_id: theirCandidate,
    })
    assert.deepEqual(
      theirExpenses.map((row) => row.amount_paisa),
      ['100']
    )
  })

  test('a campaign page in Nepali: Devanagari digits, lakh grouping, BS dates', async ({
    assert,
  }) => {
    const id = await createCampaign(admin)
    const candidate = await addCandidate(admin, id, {
      membership_id: 'M-000001',
      election_system: 'fptp',
      constituency: 'Kathmandu-8',
    })
    await spend(admin, id, candidate, '1,23,456')
    await admin.agent.switchLocale('ne')
    const html = await admin.agent.textOf(`/campaigns/${id}`)
    const candidatePage = await admin.agent.textOf(`/campaigns/${id}/candidates/${candidate}`)
    await admin.agent.switchLocale('en')
    assert.include(html, 'प्रतिनिधि सभा निर्वाचन २०७९')
    assert.include(html, '२०७९ मंसिर ४ (२०२२-११-२०)')
    assert.include(html, 'रू १,२३,४५६')
    assert.include(html, 'पहिलो हुने निर्वाचित हुने')
    assert.include(html, 'अभियान')
    assert.include(candidatePage, 'सीमा छैन')
  })

  test('a module just added shows in the menu at once and answers 503 until its tables exist', async ({
    assert,
  }) => {
    // The host cache holds the plain party with its modules: warm it first.
    assert.notInclude(await plainAdmin.agent.textOf('/dashboard'), 'data-test="nav-campaigns"')
    await addModule(plain, 'election_campaign')
    await emptyQueue(QUEUES.tenantMigrations)
    assert.include(
      await plainAdmin.agent.textOf('/dashboard'),
      'data-test="nav-campaigns"',
      'adding a module empties the cached module list'
    )
    const pending = await plainAdmin.agent.get('/campaigns')
    assert.equal(pending.status, 503)
    assert.equal(pending.headers['retry-after'], '30')
    assert.include(pending.text, 'This section is being set up')
    assert.notInclude(pending.text, 'relation', 'no database detail reaches the page')

    await provisioner.migrate(plain)
    assert.equal(await plainAdmin.agent.statusOf('/campaigns'), 200, 'served once migrated')
  })
})
