/*
|--------------------------------------------------------------------------
| A party's member register filled by SQL (benchmarks)
|--------------------------------------------------------------------------
|
| Used by members_bench.ts (one party at a million) and http_bench.ts (many
| parties at a thousand each). Runs inside the tenant context of a booted app.
|
*/

/**
 * Inserts `count` members into the current party's register (names in both
 * scripts, spread over all 753 local levels and their wards), then vacuums.
 */
export async function fillRegister(client: any, count: number, options: { quiet?: boolean } = {}) {
  const { GIVEN, FAMILY } = await import('#party/members/demo_members')
  // Every local level with its district, province and ward count, numbered 1..753.
  await client.rawQuery('drop table if exists pg_temp.bench_levels')
  await client.rawQuery(`
    create temporary table bench_levels as
      select row_number() over (order by l.id) as n, l.id, l.district_id, d.province_id, l.ward_count
        from local_levels l join districts d on d.id = l.district_id`)
  const chunk = 100_000
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1)
    await client.rawQuery(
      `insert into members (membership_id, full_name, full_name_np, gender, date_of_birth,
          citizenship_number, citizenship_issue_district_id, phone, province_id, district_id,
          local_level_id, ward_number, membership_date, is_active, created_at)
       select 'M-' || lpad(g::text, 7, '0'),
              gv[1 + (g * 7) % cardinality(gv)] || ' ' || fm[1 + (g * 13) % cardinality(fm)],
              gn[1 + (g * 7) % cardinality(gn)] || ' ' || fn[1 + (g * 13) % cardinality(fn)],
              gg[1 + (g * 7) % cardinality(gg)],
              date '1950-01-01' + (g * 37) % 20000,
              lpad((l.district_id)::text, 2, '0') || '-01-' || lpad((g % 100)::text, 2, '0') || '-' || lpad(g::text, 7, '0'),
              l.district_id,
              '+97798' || lpad(((g::bigint * 7919) % 100000000)::text, 8, '0'),
              l.province_id, l.district_id, l.id, 1 + g % l.ward_count,
              date '2018-01-01' + g % 3000,
              g % 10 <> 0,
              timestamptz '2018-01-01' + g * interval '1 minute'
         from generate_series(?::int, ?::int) g
         join bench_levels l on l.n = 1 + (g * 31) % (select count(*) from bench_levels),
         (select ?::text[] as gv, ?::text[] as gn, ?::text[] as gg, ?::text[] as fm, ?::text[] as fn) names`,
      [
        from,
        to,
        GIVEN.map((name) => name[0]),
        GIVEN.map((name) => name[1]),
        GIVEN.map((name) => name[2]),
        FAMILY.map((name) => name[0]),
        FAMILY.map((name) => name[1]),
      ]
    )
    if (!options.quiet) process.stderr.write(`bench: ${to.toLocaleString('en')} members\n`)
  }
  await client.rawQuery(
    `select setval('members_membership_number_seq', (select count(*) from members))`
  )
  // As autovacuum would after a bulk load: statistics and the GIN pending lists.
  await client.rawQuery('vacuum analyze members')
}
