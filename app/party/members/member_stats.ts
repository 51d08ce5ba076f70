import tenancy from '#tenancy/services/tenancy'
import { membersPerBsMonth } from '#party/members/members_per_month'
import { compactMemberCountsWhenDue } from '#party/members/member_counts'

/**
 * The member figures of the staff dashboard, for the party in context:
 * totals, members per province and new members per BS month (last twelve).
 * Read from the counts kept by triggers (template migration 0058), so they
 * cost the same at a hundred members as at a million. "Recent" counts the
 * members created on the last 30 days of the Nepal calendar, today included.
 */
export async function memberDashboardFigures(locale: string) {
  const client = tenancy.db()
  const name = locale === 'ne' ? 'name_np' : 'name'
  await compactMemberCountsWhenDue(client)
  const [totals, recent, byProvince, perDay] = await Promise.all([
    client
      .from('member_area_counts')
      .where('deleted', false)
      .select(
        client.raw('coalesce(sum(members), 0)::int as total'),
        client.raw('coalesce(sum(members) filter (where is_active), 0)::int as active')
      )
      .first(),
    client
      .from('member_day_counts')
      .where('kind', 'created')
      .where('day', '>', client.raw(`(now() at time zone 'Asia/Kathmandu')::date - 30`))
      .select(client.raw('coalesce(sum(members), 0)::int as recent'))
      .first(),
    client
      .from('provinces')
      .leftJoin('member_area_counts', (join) => {
        join
          .on('member_area_counts.province_id', 'provinces.id')
          .andOnVal('member_area_counts.deleted', false)
      })
      .groupBy('provinces.id', `provinces.${name}`)
      .orderBy('provinces.id')
      .select(
        'provinces.id',
        `provinces.${name} as name`,
        client.raw('coalesce(sum(member_area_counts.members), 0)::int as total')
      ),
    client
      .from('member_day_counts')
      .where('kind', 'joined')
      .where('day', '>=', client.raw(`current_date - interval '13 months'`))
      .groupBy('day')
      .havingRaw('sum(members) <> 0')
      .select(
        client.raw(`to_char(day, 'YYYY-MM-DD') as day`),
        client.raw('sum(members)::int as total')
      ),
  ])
  return {
    totals: { ...totals, recent: recent.recent } as {
      total: number
      active: number
      recent: number
    },
    provinces: byProvince.map((row) => ({
      id: Number(row.id),
      name: String(row.name),
      total: Number(row.total),
    })),
    months: membersPerBsMonth(
      perDay.map((row) => ({ day: row.day, total: Number(row.total) })),
      locale === 'ne' ? 'ne' : 'en'
    ),
  }
}
