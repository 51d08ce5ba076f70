import { test } from '@japa/runner'
import pg from 'pg'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { listMembers, parseMemberFilters } from '#party/members/list_members'
import { memberDashboardFigures } from '#party/members/member_stats'
import { compactMemberCountsWhenDue } from '#party/members/member_counts'
import { dropTenant, randomSuffix } from '#tests/helpers/tenancy'

/**
 * The member counts kept by triggers (template migration 0058): after any
 * write they equal a count over the register, writers never wait on them,
 * folding them loses nothing, and the list and dashboard read them.
 */

interface Place {
  province_id: number
  district_id: number
  local_level_id: number
  wards: number
}

const AREA_KEYS =
  'province_id, district_id, local_level_id, membership_type, is_active, deleted_at is not null'

/** Counts by key, straight from the register, as sorted text lines. */
async function registerCounts(client: pg.Client) {
  const area = await client.query(
    `select concat_ws('|', ${AREA_KEYS}, count(*)) as line from members
      group by ${AREA_KEYS} order by 1`
  )
  const days = await client.query(
    `select concat_ws('|', kind, day, count(*)) as line from (
        select 'joined' as kind, membership_date as day from members where deleted_at is null
        union all
        select 'created', (created_at at time zone 'Asia/Kathmandu')::date from members
         where deleted_at is null) d
      group by kind, day order by 1`
  )
  return { area: area.rows.map((row) => row.line), days: days.rows.map((row) => row.line) }
}

/** The same counts, summed from the trigger-kept tables. */
async function keptCounts(client: pg.Client) {
  const area = await client.query(
    `select concat_ws('|', province_id, district_id, local_level_id, membership_type, is_active,
                      deleted, sum(members)) as line
       from member_area_counts
      group by province_id, district_id, local_level_id, membership_type, is_active, deleted
     having sum(members) <> 0 order by 1`
  )
  const days = await client.query(
    `select concat_ws('|', kind, day, sum(members)) as line from member_day_counts
      group by kind, day having sum(members) <> 0 order by 1`
  )
  return { area: area.rows.map((row) => row.line), days: days.rows.map((row) => row.line) }
}

async function countRows(client: pg.Client) {
  const result = await client.query<{ area: string; days: string; pending: string }>(
    `select (select count(*) from member_area_counts) as area,
            (select count(*) from member_day_counts) as days,
            (select count(*) from member_area_counts where not compacted)
              + (select count(*) from member_day_counts where not compacted) as pending`
  )
  const row = result.rows[0]
  return { area: Number(row.area), days: Number(row.days), pending: Number(row.pending) }
}

function insertMembers(client: pg.Client, place: Place, count: number, tag: string, extra = '') {
  return client.query(
    `insert into members (membership_id, full_name, gender, citizenship_number, province_id,
        district_id, local_level_id, ward_number, membership_type, is_active, membership_date
        ${extra ? ', created_at' : ''})
     select $1 || g, 'Counted ' || g, 'female', $1 || 'C' || g, $2, $3, $4, 1 + g % $5,
            (array['general', 'active', 'honorary'])[1 + g % 3], g % 4 <> 0,
            date '2025-01-01' + (g % 40)
            ${extra ? `, ${extra}` : ''}
       from generate_series(1, $6) g`,
    [tag, place.province_id, place.district_id, place.local_level_id, place.wards, count]
  )
}

async function pendingRows(client: pg.Client) {
  const rows = await countRows(client)
  return rows.pending
}

test.group('Member counts kept by triggers', (group) => {
  let party: Tenant
  let other: Tenant
  let places: Place[]
  const clients: pg.Client[] = []

  /** A connection of its own to a party's database, as the server's superuser. */
  async function connect(tenant: Tenant) {
    const url = new URL(process.env.DATABASE_URL!)
    const client = new pg.Client({
      host: tenant.dbHost ?? url.hostname,
      port: tenant.dbPort ?? Number(url.port || 5432),
      user: decodeURIComponent(url.username || 'postgres'),
      password: url.password ? decodeURIComponent(url.password) : undefined,
      database: tenant.dbName!,
    })
    await client.connect()
    clients.push(client)
    return client
  }

  group.setup(async () => {
    party = await createTenant({
      slug: `counts-${randomSuffix()}`,
      name: 'Counting Party',
      template: 'political_party_nepal',
    })
    other = await createTenant({
      slug: `counts-other-${randomSuffix()}`,
      name: 'Other Counting Party',
      template: 'political_party_nepal',
    })
    await provisioner.provision(party)
    await provisioner.provision(other)
    const client = await connect(party)
    const result = await client.query<Place>(
      `select d.province_id, l.district_id, l.id as local_level_id, l.ward_count as wards
         from local_levels l join districts d on d.id = l.district_id
        where d.province_id in (1, 3, 7) order by l.id limit 6`
    )
    places = result.rows
  })

  group.each.setup(async () => {
    const client = await connect(party)
    await client.query('truncate members cascade')
    return async () => {
      await Promise.all(clients.splice(0).map((open) => open.end().catch(() => {})))
    }
  })

  group.teardown(async () => {
    await dropTenant(party)
    await dropTenant(other)
  })

  test('counts equal the register after inserts, moves, edits, deletes and restores', async ({
    assert,
  }) => {
    const client = await connect(party)
    const check = async (step: string) => {
      assert.deepEqual(await keptCounts(client), await registerCounts(client), step)
    }
    await insertMembers(client, places[0], 120, 'A-')
    await insertMembers(client, places[1], 80, 'B-')
    await insertMembers(client, places[2], 5, 'C-', `now() - interval '3 days'`)
    await check('inserted')

    // Moved to another place (province, district and local level together).
    await client.query(
      `update members set province_id = $1, district_id = $2, local_level_id = $3, ward_number = 1
        where membership_id like 'A-%' and id % 5 = 0`,
      [places[3].province_id, places[3].district_id, places[3].local_level_id]
    )
    await check('moved')
    await client.query(
      `update members set membership_type = 'honorary', is_active = not is_active
        where membership_id like 'B-%' and id % 3 = 0`
    )
    await check('type and active changed')
    await client.query(
      `update members set membership_date = membership_date - 400, created_at = created_at - interval '2 days'
        where id % 7 = 0`
    )
    await check('dates changed')

    const before = await countRows(client)
    await client.query(`update members set full_name = full_name || ' Jr'`)
    assert.deepEqual(await countRows(client), before, 'an edit of names adds no count rows')

    await client.query(`update members set deleted_at = now() where id % 4 = 0`)
    await check('soft-deleted')
    await client.query(`update members set deleted_at = null where id % 8 = 0`)
    await check('restored')
    await client.query(`delete from members where id % 9 = 0`)
    await check('deleted for good')
    await client.query(
      `copy members (membership_id, full_name, gender, citizenship_number, province_id,
         district_id, local_level_id, ward_number) from program 'printf "COPY-1,Copied One,male,CP1,${places[4].province_id},${places[4].district_id},${places[4].local_level_id},1\\n"' with (format csv)`
    )
    await check('copied in')

    await client.query('select member_counts_compact()')
    await check('folded')
    const folded = await countRows(client)
    assert.equal(folded.pending, 0)
    const duplicates = await client.query(
      `select count(*)::int as keys, (select count(*)::int from member_area_counts) as all_rows
         from (select distinct province_id, district_id, local_level_id, membership_type,
                      is_active, deleted from member_area_counts) k`
    )
    assert.equal(duplicates.rows[0].keys, duplicates.rows[0].all_rows, 'one row per key')

    await client.query('truncate members cascade')
    assert.deepEqual(await countRows(client), { area: 0, days: 0, pending: 0 })
  })

  test('writers never wait for each other or for folding', async ({ assert }) => {
    const [first, second, folder] = [
      await connect(party),
      await connect(party),
      await connect(party),
    ]
    for (const client of [second, folder]) await client.query(`set statement_timeout = '3s'`)
    await insertMembers(first, places[0], 10, 'OLD-')
    await first.query('begin')
    await insertMembers(first, places[0], 50, 'LONG-')
    // A second writer in the same places, and a fold, while the first is still open.
    await insertMembers(second, places[0], 7, 'SHORT-')
    await folder.query('select member_counts_compact()')
    await first.query('commit')
    assert.deepEqual(await keptCounts(first), await registerCounts(first))
    const total = await first.query(
      `select sum(members)::int as total from member_area_counts where not deleted`
    )
    assert.equal(total.rows[0].total, 67)
  })

  test('two folds at once count every member once', async ({ assert }) => {
    const client = await connect(party)
    for (const [index, place] of places.entries()) {
      await insertMembers(client, place, 30, `F${index}-`)
    }
    const [one, two] = [await connect(party), await connect(party)]
    await one.query('begin')
    await one.query('select member_counts_compact()')
    const waiting = two.query('select member_counts_compact()')
    await new Promise((resolve) => setTimeout(resolve, 200))
    await one.query('commit')
    await waiting
    assert.deepEqual(await keptCounts(client), await registerCounts(client))
    assert.equal(await pendingRows(client), 0)
  })

  test('a read folds the deltas only when more than the threshold wait', async ({ assert }) => {
    const client = await connect(party)
    await insertMembers(client, places[0], 3, 'T0-')
    await client.query('select member_counts_compact()')
    // Four statements, each one area delta and two day deltas (joined, created).
    for (const index of [1, 2, 3, 4]) await insertMembers(client, places[0], 1, `T${index}-`)
    assert.equal(await pendingRows(client), 12)
    await tenancy.run(party, async () => {
      assert.isFalse(await compactMemberCountsWhenDue(tenancy.db(), 8), 'area 4, days 8: not due')
      assert.equal(await pendingRows(client), 12)
      assert.isTrue(await compactMemberCountsWhenDue(tenancy.db(), 7), 'days 8 > 7: due')
    })
    assert.equal(await pendingRows(client), 0)
    assert.deepEqual(await keptCounts(client), await registerCounts(client))
  })

  test('list totals and dashboard figures read the counts, for each filter', async ({ assert }) => {
    const client = await connect(party)
    await insertMembers(client, places[0], 90, 'L0-')
    await insertMembers(client, places[3], 40, 'L3-')
    await insertMembers(client, places[5], 20, 'L5-')
    await client.query(`update members set deleted_at = now() where id % 6 = 0`)
    // Created 29 and 30 days ago in Nepal: only the first is "recent".
    await client.query(
      `update members set created_at = now() - interval '29 days' where membership_id = 'L5-1';
       update members set created_at = now() - interval '30 days' - interval '1 minute'
        where membership_id like 'L5-%' and membership_id <> 'L5-1'`
    )
    const filterSets: Array<[Record<string, string>, string]> = [
      [{}, 'deleted_at is null'],
      [{ deleted: '1' }, 'deleted_at is not null'],
      [
        { province_id: String(places[3].province_id) },
        `deleted_at is null and province_id = ${places[3].province_id}`,
      ],
      [
        { district_id: String(places[0].district_id) },
        `deleted_at is null and district_id = ${places[0].district_id}`,
      ],
      [
        { local_level_id: String(places[5].local_level_id), membership_type: 'active' },
        `deleted_at is null and local_level_id = ${places[5].local_level_id} and membership_type = 'active'`,
      ],
      [{ active: '0' }, 'deleted_at is null and not is_active'],
      [{ active: '1', deleted: '1' }, 'deleted_at is not null and is_active'],
      [{ ward_number: '2' }, 'deleted_at is null and ward_number = 2'],
      [{ q: 'Counted 1' }, `deleted_at is null and full_name ilike '%Counted 1%'`],
    ]
    await tenancy.run(party, async () => {
      for (const [raw, where] of filterSets) {
        const { total } = await listMembers(await parseMemberFilters(raw))
        const expected = await client.query(`select count(*)::int as n from members where ${where}`)
        assert.equal(total, expected.rows[0].n, JSON.stringify(raw))
      }
      const figures = await memberDashboardFigures('en')
      const live = await client.query(
        `select count(*)::int as total, count(*) filter (where is_active)::int as active
           from members where deleted_at is null`
      )
      assert.equal(figures.totals.total, live.rows[0].total)
      assert.equal(figures.totals.active, live.rows[0].active)
      // Everything but L5 was created today; of L5 only L5-1 (29 days ago) is recent.
      const recent = await client.query(
        `select count(*)::int as n from members where deleted_at is null
           and (membership_id not like 'L5-%' or membership_id = 'L5-1')`
      )
      assert.equal(figures.totals.recent, recent.rows[0].n)
      const perProvince = await client.query(
        `select p.id, count(m.id)::int as total from provinces p
           left join members m on m.province_id = p.id and m.deleted_at is null
          group by p.id order by p.id`
      )
      assert.deepEqual(
        figures.provinces.map((row) => [row.id, row.total]),
        perProvince.rows.map((row) => [row.id, row.total])
      )
    })
    // The other party's counts never moved.
    const otherClient = await connect(other)
    assert.deepEqual(await countRows(otherClient), { area: 0, days: 0, pending: 0 })
  })
})
