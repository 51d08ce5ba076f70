import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { MEMBER_SORTS, type MemberSort } from '#party/members/list_members'
import { dropTenant } from '#tests/helpers/tenancy'
import { makeStaff, PortalAgent, portalHost } from '#tests/helpers/portal'

/** Members, among them many with the same name and many created in the same microsecond. */
const MEMBERS = 150

/** The SQL order each sort of the list promises. */
const ORDER: Record<MemberSort, string> = {
  'name': 'full_name asc, id asc',
  '-name': 'full_name desc, id desc',
  'oldest': 'created_at asc, id asc',
  'newest': 'created_at desc, id desc',
}

/** Membership ids listed on a members page, in order. */
function listedIds(html: string) {
  return [...html.matchAll(/<td class="mono">([^<]+)<\/td>/g)].map((match) => match[1])
}

/** The link of a pager button, or undefined when it is disabled. */
function pagerLink(html: string, which: 'next' | 'prev') {
  return new RegExp(`href="([^"]+)" rel="${which}"`).exec(html)?.[1]?.replaceAll('&amp;', '&')
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * Keyset pagination of the members list: every member exactly once in
 * every order, forwards and backwards, ties included; bad cursors are the
 * first page.
 */
test.group('Party members: pages', (group) => {
  let party: Tenant
  let agent: PortalAgent

  group.setup(async () => {
    party = await createTenant({
      slug: `pages-${randomBytes(3).toString('hex')}`,
      name: 'Paging Party',
      template: 'political_party_nepal',
    })
    await provisioner.provision(party)
    await tenancy.run(party, () =>
      tenancy.db().rawQuery(
        `insert into members (membership_id, full_name, gender, citizenship_number,
           citizenship_issue_district_id, province_id, district_id, local_level_id, ward_number,
           created_at, deleted_at)
         select 'P-' || lpad(g::text, 4, '0'),
           -- 1 in 3 is "Ram Thapa", 1 in 5 "Sita Rai": long runs of equal names.
           case when g % 3 = 0 then 'Ram Thapa' when g % 5 = 0 then 'Sita Rai'
                else 'Member ' || chr(65 + g % 26) || ' ' || (g % 7) end,
           'male', 'PG-' || g, 27, 3, 27, 307, 1 + g % 32,
           -- Seven members share each timestamp, to the microsecond.
           timestamptz '2025-03-01 10:00:00.123456+00' + (g / 7) * interval '1 microsecond',
           case when g % 11 = 0 then now() end
         from generate_series(1, ?) g`,
        [MEMBERS]
      )
    )
    const { email, password } = await makeStaff(party, 'viewer')
    agent = new PortalAgent(portalHost(party))
    await agent.login(email, password)
  })

  group.teardown(async () => {
    await dropTenant(party)
  })

  /** Membership ids of the members not deleted, in the order a sort promises. */
  function expectedOrder(sort: MemberSort) {
    return tenancy.run(party, async () => {
      const rows = await tenancy
        .db()
        .from('members')
        .whereNull('deleted_at')
        .orderByRaw(ORDER[sort])
        .select('membership_id')
      return rows.map((row: { membership_id: string }) => row.membership_id)
    })
  }

  for (const sort of MEMBER_SORTS) {
    test(`"${sort}": walking forwards, then backwards, lists every member once, in order`, async ({
      assert,
    }) => {
      const expected = await expectedOrder(sort)
      assert.isAbove(expected.length, 100)

      const forwards: string[] = []
      let path: string | undefined = `/members?sort=${encodeURIComponent(sort)}`
      let pages = 0
      while (path) {
        const page = await agent.get(path)
        assert.equal(page.status, 200, path)
        const ids = listedIds(page.text)
        assert.isAtMost(ids.length, 25)
        forwards.push(...ids)
        if (pages === 0)
          assert.isUndefined(pagerLink(page.text, 'prev'), 'nothing before the first')
        path = pagerLink(page.text, 'next')
        if (++pages > 20) throw new Error('the walk does not end')
      }
      assert.deepEqual(forwards, expected)
      assert.equal(pages, Math.ceil(expected.length / 25))

      // From the last page back to the first.
      const backwards: string[][] = []
      path = `/members?sort=${encodeURIComponent(sort)}&last=1`
      pages = 0
      while (path) {
        const page = await agent.get(path)
        assert.equal(page.status, 200, path)
        if (pages === 0) assert.isUndefined(pagerLink(page.text, 'next'), 'nothing after the last')
        backwards.unshift(listedIds(page.text))
        path = pagerLink(page.text, 'prev')
        if (++pages > 20) throw new Error('the walk does not end')
      }
      assert.deepEqual(backwards.at(-1), expected.slice(-25), 'the last page is full')
      assert.deepEqual(backwards.flat(), expected, 'every member once, in order')
      assert.notEqual(
        expected.length % 25,
        0,
        'pages walked back do not align with those walked forwards'
      )
    })
  }

  test('previous from page two is page one; a filtered walk keeps its filter', async ({
    assert,
  }) => {
    const expected = await expectedOrder('name')
    const first = await agent.textOf('/members?sort=name')
    assert.isUndefined(pagerLink(first, 'prev'), 'no previous page on the first')
    const second = await agent.textOf(pagerLink(first, 'next')!)
    assert.deepEqual(listedIds(second), expected.slice(25, 50))
    const back = await agent.textOf(pagerLink(second, 'prev')!)
    assert.deepEqual(listedIds(back), expected.slice(0, 25))

    const thapas = await tenancy.run(party, () =>
      tenancy
        .db()
        .from('members')
        .whereNull('deleted_at')
        .where('full_name', 'Ram Thapa')
        .orderBy('id', 'desc')
        .select('membership_id')
    )
    const walked: string[] = []
    let path: string | undefined = '/members?sort=-name&q=thapa'
    for (let pages = 1; path; pages++) {
      if (pages > 20) throw new Error('the walk does not end')
      const page = await agent.textOf(path)
      walked.push(...listedIds(page))
      path = pagerLink(page, 'next')
    }
    assert.deepEqual(
      walked,
      thapas.map((row: { membership_id: string }) => row.membership_id)
    )
  })

  test('hostile cursors show the first page, never an error', async ({ assert }) => {
    const byName = await expectedOrder('name')
    const newest = await expectedOrder('newest')
    const firstByName = byName.slice(0, 25)
    const firstNewest = newest.slice(0, 25)
    const hostile = [
      'x',
      '%00',
      '%E0%A4%95',
      'a'.repeat(2000),
      cursorOf(['name', 'Ram Thapa', -1]),
      cursorOf(['name', 'Ram Thapa', 0]),
      cursorOf(['name', 'Ram Thapa', 1e20]),
      cursorOf(['name', 'Ram Thapa', 2 ** 31]),
      cursorOf(['name', 'Ram Thapa', 1.5]),
      cursorOf(['name', 'Ram Thapa', '7']),
      cursorOf(['name', 12, 7]),
      cursorOf(['name', '', 7]),
      cursorOf(['name', 'nul\u0000byte', 7]),
      cursorOf(['name', 'x'.repeat(151), 7]),
      cursorOf(['-name', 'Ram Thapa', 7]),
      cursorOf({ sort: 'name', key: 'Ram Thapa', id: 7 }),
      cursorOf(['name', 'Ram Thapa', 7, 'extra']),
      Buffer.from('not json').toString('base64url'),
    ]
    for (const value of hostile) {
      for (const field of ['after', 'before']) {
        const page = await agent.get(`/members?sort=name&${field}=${value}`)
        assert.equal(page.status, 200, `${field}=${value}`)
        assert.deepEqual(listedIds(page.text), firstByName, `${field}=${value}`)
      }
    }
    for (const key of [
      '2025-02-30T10:00:00.000000Z',
      '2025-03-01 10:00:00.123456+00',
      'yesterday',
      '99999-01-01T00:00:00.000000Z',
      '2025-03-01T25:00:00.000000Z',
    ]) {
      const page = await agent.get(`/members?sort=newest&after=${cursorOf(['newest', key, 7])}`)
      assert.equal(page.status, 200, key)
      assert.deepEqual(listedIds(page.text), firstNewest, key)
    }
    // A cursor past the end (its members gone) shows the first page too.
    const pastEnd = cursorOf(['name', 'zzzz', 2_000_000])
    assert.deepEqual(
      listedIds(await agent.textOf(`/members?sort=name&after=${pastEnd}`)),
      firstByName
    )
  })
})
