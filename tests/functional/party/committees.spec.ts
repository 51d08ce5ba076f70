import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { dropTenant } from '#tests/helpers/tenancy'
import { memberForm, signedInStaff as signedIn } from '#tests/helpers/portal'

type Agent = Awaited<ReturnType<typeof signedIn>>['agent']

function rowsOf(tenant: Tenant, table: string) {
  return tenancy.run(tenant, () => tenancy.db().from(table).orderBy('id').select('*'))
}

function auditOf(tenant: Tenant, auditableType: string, id?: number) {
  return tenancy.run(tenant, () => {
    const query = tenancy.db().from('audit_logs').where('auditable_type', auditableType)
    if (id !== undefined) query.where('auditable_id', id)
    return query.orderBy('id').select('*')
  })
}

async function memberIdsOf(tenant: Tenant) {
  const rows = await rowsOf(tenant, 'members')
  return rows.map((row) => row.id as number)
}

async function actionsOf(tenant: Tenant, auditableType: string, id: number) {
  const rows = await auditOf(tenant, auditableType, id)
  return rows.map((row) => row.action as string)
}

/** Creates a committee through the form; returns its id (from the redirect). */
async function createCommittee(
  agent: Agent,
  parent: string | null,
  fields: Record<string, unknown> = {}
) {
  const from = parent ? `/committees/new?parent=${parent}` : '/committees/new'
  const response = await agent.post('/committees', { parent, ...fields }, { from })
  const id = /^\/committees\/[a-z_]+\/(\d+)$/.exec(response.location ?? '')?.[1]
  if (!id) throw new Error(`not created: ${response.status} ${response.location}`)
  return Number(id)
}

/** Adds a member through the member form; returns its id. */
async function addMember(agent: Agent, overrides: Record<string, unknown>) {
  const saved = await agent.post('/members', memberForm(overrides), { from: '/members/new' })
  return Number(saved.location!.split('/').pop())
}

/**
 * The committee hierarchy on party hosts: the tree level by level, creating
 * committees tied to their parent's area, seats and terms, the database's
 * refusals as form errors in both languages, who may write, the audit
 * trail, and that one party never reaches another's committees.
 */
test.group('Party committees', (group) => {
  const suffix = randomBytes(3).toString('hex')
  let first: Tenant
  let second: Tenant
  let admin: Awaited<ReturnType<typeof signedIn>>
  let secretary: Awaited<ReturnType<typeof signedIn>>
  let viewer: Awaited<ReturnType<typeof signedIn>>
  let clerk: Awaited<ReturnType<typeof signedIn>>
  let otherAdmin: Awaited<ReturnType<typeof signedIn>>
  const ids = { central: 0, bagmati: 0, kathmandu: 0, metro: 0, ward: 0 }

  group.setup(async () => {
    first = await createTenant({
      slug: `committees-a-${suffix}`,
      name: 'Unity Party',
      template: 'political_party_nepal',
    })
    second = await createTenant({
      slug: `committees-b-${suffix}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
    })
    await Promise.all([provisioner.provision(first), provisioner.provision(second)])
    admin = await signedIn(first, 'admin')
    secretary = await signedIn(first, 'secretary')
    viewer = await signedIn(first, 'viewer')
    clerk = await signedIn(first, 'data_entry')
    otherAdmin = await signedIn(second, 'admin')
  })

  group.teardown(async () => {
    await dropTenant(first)
    await dropTenant(second)
  })

  test('an admin builds the hierarchy level by level, each committee tied to its parent', async ({
    assert,
  }) => {
    const empty = await admin.agent.textOf('/committees')
    assert.include(empty, 'There is no active central committee yet.')
    assert.include(empty, 'href="/committees/new"')

    ids.central = await createCommittee(admin.agent, null, { term_start: '2023-01-15' })
    ids.bagmati = await createCommittee(admin.agent, `central:${ids.central}`, { place_id: 3 })
    ids.kathmandu = await createCommittee(admin.agent, `provincial:${ids.bagmati}`, {
      place_id: 27,
    })
    ids.metro = await createCommittee(admin.agent, `district:${ids.kathmandu}`, {
      place_id: 307,
    })
    ids.ward = await createCommittee(admin.agent, `local_level:${ids.metro}`, {
      place_id: 32,
      name: 'Ward 32 Committee',
      name_np: 'वडा नं. ३२ समिति',
    })

    const [central] = await rowsOf(first, 'central_committees')
    assert.equal(central.name, 'Central Committee', 'a blank name becomes the usual one')
    assert.equal(central.name_np, 'केन्द्रीय समिति')
    const [province] = await rowsOf(first, 'provincial_committees')
    assert.deepInclude(province, { central_committee_id: ids.central, province_id: 3 })
    assert.equal(province.name, 'Bagmati Provincial Committee')
    const [district] = await rowsOf(first, 'district_committees')
    assert.deepInclude(district, { provincial_committee_id: ids.bagmati, district_id: 27 })
    assert.equal(district.name_np, 'काठमाडौँ जिल्ला समिति')
    const [local] = await rowsOf(first, 'local_level_committees')
    assert.deepInclude(local, { district_committee_id: ids.kathmandu, local_level_id: 307 })
    assert.equal(local.name, 'Kathmandu Metropolitan City Committee')
    const [ward] = await rowsOf(first, 'ward_committees')
    assert.deepInclude(ward, {
      local_level_committee_id: ids.metro,
      ward_number: 32,
      district_committee_id: ids.kathmandu,
      provincial_committee_id: ids.bagmati,
      central_committee_id: ids.central,
      name: 'Ward 32 Committee',
    })

    for (const [table, id] of [
      ['central_committees', ids.central],
      ['provincial_committees', ids.bagmati],
      ['district_committees', ids.kathmandu],
      ['local_level_committees', ids.metro],
      ['ward_committees', ids.ward],
    ] as const) {
      const [entry, ...more] = await auditOf(first, table, id)
      assert.lengthOf(more, 0, table)
      assert.equal(entry.action, 'created', table)
      assert.equal(entry.user_id, admin.user.id, table)
      assert.isNull(entry.old_values, table)
    }

    // The tree, one level at a time, with counts.
    const tree = await viewer.agent.textOf('/committees')
    assert.include(tree, 'Central Committee')
    assert.include(tree, `href="/committees/provincial/${ids.bagmati}"`)
    assert.include(tree, 'Bagmati Provincial Committee')
    assert.notInclude(tree, 'Kathmandu District Committee', 'lower levels are not loaded here')
    assert.include(tree, 'Provinces without an active committee (6)')
    const provincePage = await viewer.agent.textOf(`/committees/provincial/${ids.bagmati}`)
    assert.include(provincePage, 'Kathmandu District Committee')
    assert.include(provincePage, 'Districts without an active committee (12)')
    assert.notInclude(provincePage, 'Ward 32 Committee')
    const wardPage = await viewer.agent.textOf(`/committees/ward/${ids.ward}`)
    assert.include(wardPage, 'Ward 32, Kathmandu Metropolitan City')
    for (const above of ['Central Committee', 'Bagmati Provincial Committee']) {
      assert.include(wardPage, above, 'breadcrumb')
    }
    // The create form offers only the districts of the parent's province.
    const form = await admin.agent.textOf(`/committees/new?parent=provincial:${ids.bagmati}`)
    assert.include(form, '>Lalitpur</option>')
    assert.notInclude(form, '>Kaski</option>')
    assert.include(form, 'Kathmandu (has an active committee)')
  })

  test("a committee outside its parent's area, or for a place already covered, is a form error", async ({
    assert,
  }) => {
    const before = await Promise.all(
      [
        'central_committees',
        'district_committees',
        'local_level_committees',
        'ward_committees',
      ].map((table) => rowsOf(first, table))
    )
    const tryCreate = async (parent: string, fields: Record<string, unknown>) => {
      const from = `/committees/new?parent=${parent}`
      const refused = await secretary.agent.post('/committees', { parent, ...fields }, { from })
      assert.equal(decodeURIComponent(refused.location!), from)
      return secretary.agent.textOf(from)
    }

    // Jhapa (4) is in Koshi, not Bagmati.
    assert.include(
      await tryCreate(`provincial:${ids.bagmati}`, { place_id: 4 }),
      'This district is not in the province of the parent committee.'
    )
    // Pokhara (414) is in Kaski, not Kathmandu.
    assert.include(
      await tryCreate(`district:${ids.kathmandu}`, { place_id: 414 }),
      'This local level is not in the district of the parent committee.'
    )
    // Kathmandu Metropolitan City has 32 wards.
    assert.include(
      await tryCreate(`local_level:${ids.metro}`, { place_id: 33 }),
      'This ward does not exist in the local level of the parent committee.'
    )
    assert.include(
      await tryCreate(`provincial:${ids.bagmati}`, { place_id: 27 }),
      'This area already has an active committee.'
    )
    assert.include(
      await tryCreate(`provincial:${ids.bagmati}`, {
        place_id: 29,
        term_start: '2024-01-01',
        term_end: '2023-01-01',
      }),
      'The term cannot end before it starts.'
    )
    assert.include(
      await tryCreate(`provincial:${ids.bagmati}`, { place_id: 99999 }),
      'Choose one of the listed areas.'
    )
    assert.include(
      await tryCreate(`provincial:${ids.bagmati}`, {}),
      'Choose the area this committee covers.'
    )
    const anotherCentral = await secretary.agent.post(
      '/committees',
      {},
      { from: '/committees/new' }
    )
    assert.equal(anotherCentral.location, '/committees/new')
    assert.include(
      await secretary.agent.textOf('/committees/new'),
      'There is already an active central committee.'
    )

    // The same refusal in Nepali.
    await secretary.agent.switchLocale('ne')
    const nepali = await tryCreate(`provincial:${ids.bagmati}`, { place_id: 4 })
    await secretary.agent.switchLocale('en')
    assert.include(nepali, 'यो जिल्ला माथिल्लो समितिको प्रदेशभित्र पर्दैन।')

    const after = await Promise.all(
      [
        'central_committees',
        'district_committees',
        'local_level_committees',
        'ward_committees',
      ].map((table) => rowsOf(first, table))
    )
    assert.deepEqual(after, before, 'nothing written')
    assert.lengthOf(await auditOf(first, 'district_committees'), 1)
  })

  test('members are seated in positions, a second current seat is refused, terms end', async ({
    assert,
  }) => {
    const sita = await addMember(clerk.agent, {
      full_name: 'Sita Kumari Shrestha',
      citizenship_number: '27-01-80-1',
    })
    const hari = await addMember(clerk.agent, {
      full_name: 'Hari Prasad Koirala',
      full_name_np: 'हरि प्रसाद कोइराला',
      citizenship_number: '27-01-80-2',
    })
    const page = `/committees/district/${ids.kathmandu}`

    const search = await secretary.agent.textOf(`${page}?q=koirala`)
    assert.include(search, `name="member_id" value="${hari}"`)
    assert.notInclude(search, `value="${sita}"`)
    const inNepali = await secretary.agent.textOf(`${page}?q=${encodeURIComponent('कोइराला')}`)
    assert.include(inNepali, `name="member_id" value="${hari}"`)
    const byId = await secretary.agent.textOf(`${page}?q=${encodeURIComponent('M-00000')}`)
    assert.include(byId, `value="${sita}"`)

    const seated = await secretary.agent.post(
      `${page}/seats`,
      { member_id: hari, position: 'chairperson', from_date: '2023-08-01' },
      { from: `${page}?q=koirala` }
    )
    assert.equal(seated.location, page)
    await secretary.agent.post(
      `${page}/seats`,
      { member_id: sita, position: 'secretary', from_date: '2023-08-01' },
      { from: page }
    )
    const seats = await rowsOf(first, 'committee_members')
    assert.lengthOf(seats, 2)
    assert.deepInclude(seats[0], {
      member_id: hari,
      committee_type: 'district',
      committee_id: ids.kathmandu,
      position: 'chairperson',
      to_date: null,
    })
    const [audit] = await auditOf(first, 'committee_members', seats[0].id)
    assert.equal(audit.action, 'created')
    assert.equal(audit.user_id, secretary.user.id)
    assert.equal(audit.new_values.position, 'chairperson')

    const shown = await viewer.agent.textOf(page)
    assert.match(
      shown,
      /Chairperson<\/strong><\/td>\s*<td>\s*<a href="\/members\/\d+">Hari Prasad Koirala/
    )
    assert.include(shown, '16 Shrawan 2080 (2023-08-01)', 'BS with AD beside')

    // Hari already sits on this committee: a second seat (any position) is refused.
    const duplicate = await secretary.agent.post(
      `${page}/seats`,
      { member_id: hari, position: 'member', from_date: '2024-01-01' },
      { from: `${page}?q=koirala` }
    )
    assert.equal(duplicate.location, `${page}?q=koirala`)
    assert.include(
      await secretary.agent.textOf(`${page}?q=koirala`),
      'This member already holds a seat on this committee for that time.'
    )
    await secretary.agent.switchLocale('ne')
    await secretary.agent.post(
      `${page}/seats`,
      { member_id: hari, position: 'member', from_date: '2024-01-01' },
      { from: `${page}?q=koirala` }
    )
    const nepali = await secretary.agent.textOf(`${page}?q=koirala`)
    await secretary.agent.switchLocale('en')
    assert.include(nepali, 'यो सदस्य त्यो अवधिमा यस समितिमा पहिल्यै पदमा हुनुहुन्छ।')
    assert.include(nepali, 'अध्यक्ष')
    // A fixed-term seat overlapping the open one is refused too (the app's check).
    await secretary.agent.post(
      `${page}/seats`,
      { member_id: hari, position: 'member', from_date: '2024-01-01', to_date: '2024-06-01' },
      { from: page }
    )
    assert.lengthOf(await rowsOf(first, 'committee_members'), 2)
    assert.lengthOf(await auditOf(first, 'committee_members'), 2)

    // Ending Hari's term: before it started is refused, then a real end date.
    const early = await secretary.agent.post(
      `${page}/seats/${seats[0].id}/end`,
      { to_date: '2020-01-01' },
      { from: page }
    )
    assert.equal(early.location, page)
    assert.include(await secretary.agent.textOf(page), 'A term cannot end before it starts.')
    await secretary.agent.post(
      `${page}/seats/${seats[0].id}/end`,
      { to_date: '2024-12-31' },
      { from: page }
    )
    const [ended] = await rowsOf(first, 'committee_members')
    assert.instanceOf(ended.to_date, Date)
    const trail = await auditOf(first, 'committee_members', seats[0].id)
    assert.deepEqual(
      trail.map((entry) => entry.action),
      ['created', 'updated']
    )
    assert.deepEqual(trail[1].old_values, { to_date: null })
    assert.deepEqual(trail[1].new_values, { to_date: '2024-12-31' })
    // An ended term cannot be ended again.
    const again = await secretary.agent.post(
      `${page}/seats/${seats[0].id}/end`,
      { to_date: '2025-01-31' },
      { from: page }
    )
    assert.equal(again.status, 404)

    const after = await viewer.agent.textOf(page)
    assert.match(after, /data-test="past-seats"[\s\S]*Hari Prasad Koirala/)
    assert.notMatch(
      after,
      /data-test="current-seats"[\s\S]*Hari Prasad Koirala[\s\S]*data-test="past-seats"/
    )

    // Once ended, Hari may be seated again, as vice-chairperson.
    await secretary.agent.post(
      `${page}/seats`,
      { member_id: hari, position: 'vice_chairperson', from_date: '2025-01-01' },
      { from: page }
    )
    assert.lengthOf(await rowsOf(first, 'committee_members'), 3)

    // The member's page lists the positions held, current and past.
    const memberPage = await viewer.agent.textOf(`/members/${hari}`)
    assert.match(
      memberPage,
      /Vice-chairperson[\s\S]*Kathmandu District Committee[\s\S]*Current[\s\S]*Chairperson[\s\S]*Kathmandu District Committee[\s\S]*Past/
    )
    assert.include(await viewer.agent.textOf(`/members/${sita}`), 'Secretary')

    // A member deleted from the register keeps the seat on record, marked, without a link.
    const gone = await addMember(clerk.agent, {
      full_name: 'Gopal Gone',
      citizenship_number: '27-01-80-3',
    })
    await secretary.agent.post(
      `${page}/seats`,
      { member_id: gone, position: 'member', from_date: '2023-08-01' },
      { from: page }
    )
    await admin.agent.post(`/members/${gone}?_method=DELETE`, {}, { from: `/members/${gone}` })
    const withGone = await viewer.agent.textOf(page)
    assert.match(
      withGone,
      /Gopal Gone <span class="badge badge--inactive">Deleted from the register/
    )
    assert.notInclude(withGone, `href="/members/${gone}"`)
  })

  test('a viewer, a treasurer and data entry read committees but cannot change them', async ({
    assert,
  }) => {
    const treasurer = await signedIn(first, 'treasurer')
    const snapshot = async () =>
      Promise.all(
        [
          'central_committees',
          'provincial_committees',
          'district_committees',
          'committee_members',
        ].map((table) => rowsOf(first, table))
      )
    const before = await snapshot()
    const { length: audits } = await auditOf(first, 'district_committees')
    const page = `/committees/district/${ids.kathmandu}`
    const [seat] = await rowsOf(first, 'committee_members')
    const sita = seat.member_id
    for (const reader of [viewer.agent, treasurer.agent, clerk.agent]) {
      assert.equal(await reader.statusOf('/committees'), 200)
      assert.equal(await reader.statusOf(page), 200)
      assert.notInclude(await reader.textOf(page), 'data-test="edit-committee"')
      const form = await reader.get(`/committees/new?parent=provincial:${ids.bagmati}`)
      assert.equal(form.status, 403)
      assert.include(form.text, 'You do not have permission to do that.')
      assert.equal(await reader.statusOf(`${page}/edit`), 403)

      for (const [path, fields] of [
        ['/committees', { parent: `provincial:${ids.bagmati}`, place_id: 29 }],
        [`${page}?_method=PUT`, { name: 'Renamed', is_active: '1' }],
        [`${page}/deactivate`, {}],
        [`${page}?_method=DELETE`, {}],
        [`${page}/seats`, { member_id: sita, position: 'member', from_date: '2025-02-01' }],
        [`${page}/seats/${seat.id}/end`, { to_date: '2025-02-01' }],
      ] as const) {
        const refused = await reader.post(path, fields, { from: page })
        assert.include([302, 403], refused.status, path)
      }
    }
    assert.deepEqual(await snapshot(), before)
    assert.lengthOf(await auditOf(first, 'district_committees'), audits)
  })

  test('editing and deactivating are audited; a committee with members is kept, an empty one deleted', async ({
    assert,
  }) => {
    const memberIds = await memberIdsOf(first)
    const page = `/committees/district/${ids.kathmandu}`
    await admin.agent.post(
      `${page}?_method=PUT`,
      {
        name: 'Kathmandu District Committee',
        name_np: 'काठमाडौँ जिल्ला समिति',
        term_start: '2023-08-01',
        is_active: '1',
      },
      { from: `${page}/edit` }
    )
    const edits = await auditOf(first, 'district_committees', ids.kathmandu)
    assert.equal(edits.at(-1).action, 'updated')
    assert.deepEqual(edits.at(-1).new_values, { term_start: '2023-08-01' })
    assert.deepEqual(edits.at(-1).old_values, { term_start: null })

    // Committees below it, or people who sat on it: deleting is refused with a message.
    const province = `/committees/provincial/${ids.bagmati}`
    const refused = await admin.agent.post(`${province}?_method=DELETE`, {}, { from: province })
    assert.equal(refused.location, province)
    assert.include(
      await admin.agent.textOf(province),
      'This committee has committees below it, so it cannot be deleted.'
    )
    await admin.agent.post(`${page}?_method=DELETE`, {}, { from: page })
    assert.include(
      await admin.agent.textOf(page),
      'This committee has (or had) members, so it cannot be deleted.'
    )
    assert.lengthOf(await rowsOf(first, 'provincial_committees'), 1)
    assert.lengthOf(await rowsOf(first, 'district_committees'), 1)
    const [ward] = await rowsOf(first, 'ward_committees')
    await admin.agent.post(
      `/committees/ward/${ward.id}/seats`,
      { member_id: memberIds[0], position: 'coordinator', from_date: '2024-03-01' },
      { from: `/committees/ward/${ward.id}` }
    )
    await admin.agent.post(
      `/committees/ward/${ward.id}?_method=DELETE`,
      {},
      { from: `/committees/ward/${ward.id}` }
    )
    assert.include(
      await admin.agent.textOf(`/committees/ward/${ward.id}`),
      'This committee has (or had) members, so it cannot be deleted.'
    )
    assert.lengthOf(await rowsOf(first, 'ward_committees'), 1)

    // An empty committee made by mistake can be deleted.
    const lalitpur = await createCommittee(admin.agent, `provincial:${ids.bagmati}`, {
      place_id: 29,
    })
    const deleted = await admin.agent.post(
      `/committees/district/${lalitpur}?_method=DELETE`,
      {},
      { from: `/committees/district/${lalitpur}` }
    )
    assert.equal(deleted.location, `/committees/provincial/${ids.bagmati}`)
    assert.equal(await admin.agent.statusOf(`/committees/district/${lalitpur}`), 404)
    assert.deepEqual(await actionsOf(first, 'district_committees', lalitpur), [
      'created',
      'deleted',
    ])

    // Deactivating the ward committee frees the ward for a new one; seats cannot be added to it.
    await admin.agent.post(
      `/committees/ward/${ward.id}/deactivate`,
      {},
      { from: `/committees/ward/${ward.id}` }
    )
    const [inactive] = await rowsOf(first, 'ward_committees')
    assert.isFalse(inactive.is_active)
    const trail = await auditOf(first, 'ward_committees', ward.id)
    assert.equal(trail.at(-1).action, 'deactivated')
    const closed = await admin.agent.post(
      `/committees/ward/${ward.id}/seats`,
      { member_id: memberIds[1], position: 'member', from_date: '2025-01-01' },
      { from: `/committees/ward/${ward.id}` }
    )
    assert.equal(closed.location, `/committees/ward/${ward.id}`)
    assert.include(
      await admin.agent.textOf(`/committees/ward/${ward.id}`),
      'This committee is inactive: members can no longer be seated on it.'
    )
    const fresh = await createCommittee(admin.agent, `local_level:${ids.metro}`, { place_id: 32 })
    assert.notEqual(fresh, ward.id)
    // Reactivating the old one while the new one is active is a form error, not a 500.
    const reactivate = await admin.agent.post(
      `/committees/ward/${ward.id}?_method=PUT`,
      { name: ward.name, is_active: '1' },
      { from: `/committees/ward/${ward.id}/edit` }
    )
    assert.equal(reactivate.location, `/committees/ward/${ward.id}/edit`)
    assert.include(
      await admin.agent.textOf(`/committees/ward/${ward.id}/edit`),
      'This area already has an active committee.'
    )
  })

  test('hostile ids and parents are 404s; hostile form values are form errors', async ({
    assert,
  }) => {
    const memberIds = await memberIdsOf(first)
    for (const path of [
      '/committees/district/abc',
      '/committees/district/NaN',
      '/committees/district/-1',
      '/committees/district/0',
      '/committees/district/1.5',
      '/committees/district/2147483648',
      '/committees/district/99999999999999999999',
      '/committees/district/999999',
      '/committees/bogus/1',
      '/committees/wards/1',
      '/committees/district/2147483647/edit',
      '/committees/new?parent=district',
      '/committees/new?parent=district:abc',
      '/committees/new?parent=district:-1',
      '/committees/new?parent=district:99999999999',
      '/committees/new?parent=district:999999',
      `/committees/new?parent=ward:1`,
      '/committees/new?parent=%E0%A4%95:1',
    ]) {
      assert.equal(await admin.agent.statusOf(path), 404, path)
    }
    const page = `/committees/district/${ids.kathmandu}`
    const huge = await admin.agent.post(
      `${page}/seats/99999999999/end`,
      { to_date: '2025-01-01' },
      { from: page }
    )
    assert.equal(huge.status, 404)
    const foreign = await admin.agent.post(
      '/committees',
      { parent: 'district:2147483648', place_id: 307 },
      { from: '/committees' }
    )
    assert.equal(foreign.status, 404)

    const { length: count } = await rowsOf(first, 'committee_members')
    for (const memberId of ['NaN', '-3', '1e3', '99999999999', 'सीता', '']) {
      const refused = await admin.agent.post(
        `${page}/seats`,
        { member_id: memberId, position: 'member', from_date: '2025-01-01' },
        { from: page }
      )
      assert.equal(refused.location, page, memberId)
    }
    await admin.agent.post(
      `${page}/seats`,
      { member_id: 999999, position: 'member', from_date: '2025-01-01' },
      { from: page }
    )
    assert.include(await admin.agent.textOf(page), 'Choose a member from the search results.')
    // A member who is not active is neither offered nor seated.
    const dormant = await addMember(admin.agent, {
      full_name: 'Dormant Member',
      citizenship_number: '27-01-80-9',
    })
    await tenancy.run(first, () =>
      tenancy.db().from('members').where('id', dormant).update({ is_active: false })
    )
    assert.notInclude(
      await admin.agent.textOf(`${page}?q=Dormant`),
      `name="member_id" value="${dormant}"`
    )
    await admin.agent.post(
      `${page}/seats`,
      { member_id: dormant, position: 'member', from_date: '2025-01-01' },
      { from: page }
    )
    assert.include(
      await admin.agent.textOf(page),
      'This member is not an active member of the party, so cannot hold a position.'
    )
    await admin.agent.post(
      `${page}/seats`,
      { member_id: memberIds[0], position: 'emperor', from_date: '2025-13-45' },
      { from: page }
    )
    assert.lengthOf(await rowsOf(first, 'committee_members'), count)
    const badEnd = await admin.agent.post(
      `${page}/seats/1/end`,
      { to_date: 'yesterday' },
      { from: page }
    )
    assert.equal(badEnd.location, page)
    assert.include(await admin.agent.textOf(page), 'Enter the date the term ends as YYYY-MM-DD.')
  })

  test("one party never reads or writes another's committees, even with the same ids", async ({
    assert,
  }) => {
    const empty = await otherAdmin.agent.textOf('/committees')
    assert.include(empty, 'There is no active central committee yet.')
    assert.notInclude(empty, 'Bagmati Provincial Committee')
    assert.equal(await otherAdmin.agent.statusOf(`/committees/district/${ids.kathmandu}`), 404)
    assert.equal(await otherAdmin.agent.statusOf(`/committees/central/${ids.central}`), 404)
    assert.equal(
      await otherAdmin.agent.statusOf(`/committees/new?parent=provincial:${ids.bagmati}`),
      404
    )
    const writes = await otherAdmin.agent.post(
      '/committees',
      { parent: `provincial:${ids.bagmati}`, place_id: 29 },
      { from: '/committees' }
    )
    assert.equal(writes.status, 404)

    // The other party's own central committee gets the same id as ours.
    const theirs = await createCommittee(otherAdmin.agent, null, {
      name: 'Progress Central Committee',
    })
    assert.equal(theirs, ids.central)
    const mine = await admin.agent.textOf(`/committees/central/${ids.central}`)
    assert.include(mine, 'Central Committee')
    assert.notInclude(mine, 'Progress Central Committee')
    const other = await otherAdmin.agent.textOf(`/committees/central/${theirs}`)
    assert.include(other, 'Progress Central Committee')
    assert.notInclude(other, 'Bagmati Provincial Committee')
    // Seating our member id on their committee finds no such member there.
    const [ours] = await rowsOf(first, 'members')
    await otherAdmin.agent.post(
      `/committees/central/${theirs}/seats`,
      { member_id: ours.id, position: 'member', from_date: '2025-01-01' },
      { from: `/committees/central/${theirs}` }
    )
    assert.lengthOf(await rowsOf(second, 'committee_members'), 0)
    assert.lengthOf(await rowsOf(second, 'provincial_committees'), 0)
  })

  test('the dashboard charts which districts have an active district committee', async ({
    assert,
  }) => {
    // An inactive district committee does not count.
    const lalitpur = await createCommittee(admin.agent, `provincial:${ids.bagmati}`, {
      place_id: 29,
    })
    await admin.agent.post(
      `/committees/district/${lalitpur}/deactivate`,
      {},
      { from: '/committees' }
    )
    const html = await viewer.agent.textOf('/dashboard')
    assert.include(html, '1 of 77 districts have an active district committee.')
    assert.include(html, 'data-test="coverage-3" data-covered="1" data-districts="13"')
    assert.include(html, 'data-test="coverage-1" data-covered="0" data-districts="14"')
    // Koshi has the most districts (14): its bar is the full 400 px; Bagmati's covered part 1/14.
    assert.match(html, /Koshi<\/text>\s*<rect x="160" y="4" width="400"/)
    assert.match(
      html,
      /Bagmati<\/text>\s*<rect[^>]*width="371"[^>]*><\/rect>\s*<rect[^>]*width="29"/
    )

    await viewer.agent.switchLocale('ne')
    const nepali = await viewer.agent.textOf('/dashboard')
    await viewer.agent.switchLocale('en')
    assert.include(nepali, '७७ मध्ये १ जिल्लामा सक्रिय जिल्ला समिति छ।')
    const other = await otherAdmin.agent.textOf('/dashboard')
    assert.include(other, '0 of 77 districts have an active district committee.')
  })
  test('past terms are shown 25 to a page, the latest first', async ({ assert }) => {
    const page = `/committees/ward/${ids.ward}`
    await tenancy.run(first, () =>
      tenancy.db().rawQuery(
        `with past as (
           insert into members (membership_id, full_name, gender, citizenship_number,
             province_id, district_id, local_level_id, ward_number)
           select 'PAST-' || g, 'Past Member ' || lpad(g::text, 2, '0'), 'male', 'PAST-C-' || g,
                  3, 27, 307, 1
             from generate_series(1, 30) g
           returning id, full_name)
         insert into committee_members (member_id, committee_type, committee_id, position,
           from_date, to_date)
         select id, 'ward', ?, 'member',
                date '2000-01-01' + right(full_name, 2)::int * 10,
                date '2000-01-05' + right(full_name, 2)::int * 10
           from past`,
        [ids.ward]
      )
    )
    const pastNames = (html: string) =>
      [
        ...(/data-test="past-seats"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '').matchAll(
          /Past Member (\d+)/g
        ),
      ].map((match) => Number(match[1]))
    const one = await viewer.agent.textOf(page)
    assert.deepEqual(
      pastNames(one),
      Array.from({ length: 25 }, (_, index) => 30 - index)
    )
    assert.include(one, `href="${page}?page=2"`)
    const two = await viewer.agent.textOf(`${page}?page=2`)
    assert.deepEqual(pastNames(two), [5, 4, 3, 2, 1])
    assert.notInclude(two, `href="${page}?page=3"`)
    // A page past the end, or not a number, is never an error.
    assert.deepEqual(pastNames(await viewer.agent.textOf(`${page}?page=99`)), [])
    assert.lengthOf(pastNames(await viewer.agent.textOf(`${page}?page=NaN`)), 25)
    // Committees with a past are not offered for deletion, whatever the page.
    const admins = await admin.agent.textOf(`${page}?page=99`)
    assert.notInclude(admins, '?_method=DELETE')
  })
})
