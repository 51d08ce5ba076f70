import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import {
  encodeMemberCursor,
  memberPageQuery,
  type MemberFilters,
} from '#party/members/list_members'
import { dropTenant } from '#tests/helpers/tenancy'
import { makeStaff, PortalAgent, portalHost } from '#tests/helpers/portal'

const BULK = 100_000

/** Names of the indexes PostgreSQL's plan for one page of the list uses. */
async function indexesUsed(tenant: Tenant, filters: MemberFilters) {
  return tenancy.run(tenant, async () => {
    const { sql, bindings } = memberPageQuery(filters).toSQL()
    const result = await tenancy.db().rawQuery(`explain (format json) ${sql}`, bindings as any[])
    const plan = JSON.stringify(result.rows[0]['QUERY PLAN'])
    return [...plan.matchAll(/"Index Name":"([^"]+)"/g)].map((match) => match[1])
  })
}

/** Membership ids listed on a members page, in order. */
function listedIds(html: string) {
  return [...html.matchAll(/<td class="mono">([^<]+)<\/td>/g)].map((match) => match[1])
}

/** The "next page" link of a members page. */
function nextLink(html: string) {
  const href = /href="([^"]+)" rel="next"/.exec(html)?.[1]
  if (!href) throw new Error('no next page link')
  return href.replaceAll('&amp;', '&')
}

/**
 * Searching, filtering, sorting and paging a register of 100,000 members.
 */
test.group('Party members: search at scale', (group) => {
  let party: Tenant
  let agent: PortalAgent
  let secretary: PortalAgent

  group.setup(async () => {
    party = await createTenant({
      slug: `search-${randomBytes(3).toString('hex')}`,
      name: 'Big Party',
      template: 'political_party_nepal',
    })
    await provisioner.provision(party)
    await tenancy.run(party, async () => {
      const db = tenancy.db()
      // Kathmandu Metropolitan City (307, 32 wards) and Pokhara (414, Kaski 38, Gandaki 4, 33 wards).
      await db.rawQuery(
        `insert into members (membership_id, full_name, full_name_np, gender, citizenship_number,
           citizenship_issue_district_id, phone, province_id, district_id, local_level_id, ward_number,
           is_active, created_at)
         select 'B-' || lpad(g::text, 6, '0'), 'Bulk Member ' || g, 'थोक सदस्य ' || g, 'male',
           'BULK-' || g, 27, '+97798' || lpad(g::text, 8, '0'),
           case when g % 2 = 0 then 3 else 4 end, case when g % 2 = 0 then 27 else 38 end,
           case when g % 2 = 0 then 307 else 414 end, 1 + g % 32, g % 10 <> 0,
           timestamptz '2025-01-01' + g * interval '1 second'
         from generate_series(1, ?) g`,
        [BULK]
      )
      await db.table('members').insert([
        {
          membership_id: 'M-000777',
          full_name: 'Sita Kumari Shrestha',
          full_name_np: 'सीता कुमारी श्रेष्ठ',
          gender: 'female',
          citizenship_number: '27-01-74-05678',
          citizenship_issue_district_id: 27,
          phone: '+9779841234567',
          province_id: 3,
          district_id: 27,
          local_level_id: 307,
          ward_number: 5,
        },
        {
          membership_id: 'M-000778',
          full_name: 'Aarati Shrestha',
          full_name_np: 'आरती श्रेष्ठ',
          gender: 'female',
          citizenship_number: '38-02-11-00042',
          citizenship_issue_district_id: 38,
          phone: '+9779856000042',
          province_id: 4,
          district_id: 38,
          local_level_id: 414,
          ward_number: 7,
        },
      ])
      // As autovacuum would: flushes the GIN pending lists the bulk insert filled.
      await db.rawQuery('vacuum analyze members')
    })
    const { email, password } = await makeStaff(party, 'viewer')
    agent = new PortalAgent(portalHost(party))
    await agent.login(email, password)
    const office = await makeStaff(party, 'secretary')
    secretary = new PortalAgent(portalHost(party))
    await secretary.login(office.email, office.password)
  })

  group.teardown(async () => {
    await dropTenant(party)
  })

  test('finds members by name in either script, membership id, citizenship no. and phone', async ({
    assert,
  }) => {
    const search = async (q: string) =>
      listedIds(await agent.textOf(`/members?q=${encodeURIComponent(q)}`))
    assert.sameMembers(await search('shrestha'), ['M-000777', 'M-000778'])
    assert.deepEqual(await search('श्रेष्ठ'), ['M-000778', 'M-000777'])
    assert.deepEqual(await search('सीता'), ['M-000777'])
    assert.deepEqual(await search('M-000778'), ['M-000778'])
    assert.deepEqual(await search('74-05678'), ['M-000777'])
    assert.deepEqual(await search('९८४१२३४५६७'), ['M-000777'], 'Devanagari digits find the phone')
    assert.deepEqual(await search('50%_'), [], 'LIKE wildcards are literal')
  })

  test('filters by place, ward and status; counts and pages the rest', async ({ assert }) => {
    const page = await agent.get('/members?district_id=38&ward_number=7&active=1&sort=name')
    const html = page.text
    // Odd g in Kaski with 1 + g % 32 = 7: g ≡ 6 (mod 32) is even, so only the named member.
    assert.deepEqual(listedIds(html), ['M-000778'])
    assert.include(html, '1 member')

    const kaski = await agent.get('/members?district_id=38&active=0')
    // Inactive bulk members are g % 10 = 0, all even, so none in Kaski.
    assert.include(kaski.text, 'No members match these filters.')

    const firstPage = await agent.textOf('/members?province_id=3&sort=oldest')
    const first = listedIds(firstPage)
    const second = listedIds(await agent.textOf(nextLink(firstPage)))
    assert.deepEqual(first.slice(0, 3), ['B-000002', 'B-000004', 'B-000006'])
    assert.lengthOf(first, 25)
    assert.equal(second[0], 'B-000052')
    assert.include(await agent.textOf('/members?province_id=3'), '50,001 members')
    assert.include(
      await agent.textOf('/members?province_id=3&after=abc&ward_number=x'),
      '50,001 members'
    )
  })

  test('the list walks indexes at 100,000 members, never the whole table', async ({ assert }) => {
    const byName = await indexesUsed(party, { q: 'shrestha' })
    assert.includeMembers(byName, ['members_full_name_trgm', 'members_full_name_np_trgm'])
    assert.includeMembers(await indexesUsed(party, { q: '9841' }), ['members_phone_trgm'])
    assert.include(await indexesUsed(party, {}), 'members_listing_created')
    // Deep pages walk the same index from the cursor, in both directions.
    const deepName = encodeMemberCursor('name', { sort_key: 'Bulk Member 70000', id: 70_000 })
    assert.include(
      await indexesUsed(party, { sort: 'name', after: deepName }),
      'members_listing_name'
    )
    assert.include(
      await indexesUsed(party, {
        sort: '-name',
        before: encodeMemberCursor('-name', { sort_key: 'Bulk Member 70000', id: 70_000 }),
      }),
      'members_listing_name'
    )
    const deepCreated = encodeMemberCursor('newest', {
      sort_key: '2025-01-01T10:00:00.000000Z',
      id: 36_000,
    })
    assert.include(
      await indexesUsed(party, { sort: 'newest', after: deepCreated }),
      'members_listing_created'
    )
    for (const path of [
      `/members?sort=name&after=${deepName}`,
      '/members?sort=oldest&last=1',
      `/members?sort=newest&after=${deepCreated}`,
    ]) {
      const started = performance.now()
      const deep = await agent.get(path)
      assert.equal(deep.status, 200)
      assert.lengthOf(listedIds(deep.text), 25, path)
      assert.isBelow(performance.now() - started, 1000, path)
    }

    const started = performance.now()
    const response = await agent.get('/members?q=shrestha')
    assert.equal(response.status, 200)
    assert.isBelow(performance.now() - started, 2000)
  })

  test('exports the current filter as CSV with a BOM; Devanagari survives', async ({ assert }) => {
    assert.equal(await agent.statusOf('/members/export'), 403, 'a viewer cannot export')

    const filtered = await secretary.get(`/members/export?q=${encodeURIComponent('श्रेष्ठ')}`)
    assert.equal(filtered.status, 200)
    assert.match(String(filtered.headers['content-type']), /^text\/csv; charset=utf-8/)
    assert.match(String(filtered.headers['content-disposition']), /attachment; filename="members-/)
    assert.isTrue(filtered.text.startsWith('\uFEFFmembership_id,full_name,full_name_np,'))
    const lines = filtered.text.trim().split('\n')
    assert.lengthOf(lines, 3)
    assert.equal(
      lines[1],
      'M-000777,Sita Kumari Shrestha,सीता कुमारी श्रेष्ठ,female,,27-01-74-05678,Kathmandu,+9779841234567,,,,Bagmati,Kathmandu,Kathmandu,5,,general,' +
        lines[1].split(',')[17] +
        ',yes'
    )

    const everything = await secretary.get('/members/export')
    assert.equal(everything.text.trim().split('\n').length, BULK + 2 + 1)
    const audit = await tenancy.run(party, () =>
      tenancy.db().from('audit_logs').where('action', 'exported').orderBy('id').select('*')
    )
    assert.deepEqual(
      audit.map((row) => row.new_values.rows),
      [2, BULK + 2]
    )
  })
})
