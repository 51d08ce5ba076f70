import tenancy from '#tenancy/services/tenancy'
import { membersPerBsMonth } from '#party/members/members_per_month'

/**
 * The member figures of the staff dashboard, for the party in context:
 * totals, members per province and new members per BS month (last twelve).
 * Each is one aggregate over the register (see docs/performance.md for its
 * cost at a million members).
 */
export async function memberDashboardFigures(locale: string) {
  const client = tenancy.db()
  const name = locale === 'ne' ? 'name_np' : 'name'
  const [totals, byProvince, perDay] = await Promise.all([
    client
      .from('members')
      .whereNull('deleted_at')
      .select(
        client.raw('count(*)::int as total'),
        client.raw('count(*) filter (where is_active)::int as active'),
        client.raw(
          `count(*) filter (where created_at >= now() - interval '30 days')::int as recent`
        )
      )
      .first(),
    client
      .from('provinces')
      .leftJoin('members', (join) => {
        join.on('members.province_id', 'provinces.id').andOnNull('members.deleted_at')
      })
      .groupBy('provinces.id', `provinces.${name}`)
      .orderBy('provinces.id')
      .select('provinces.id', `provinces.${name} as name`)
      .count('members.id as total'),
    client
      .from('members')
      .whereNull('deleted_at')
      .where('membership_date', '>=', client.raw(`current_date - interval '13 months'`))
      .groupBy('membership_date')
      .select(client.raw(`to_char(membership_date, 'YYYY-MM-DD') as day`))
      .count('* as total'),
  ])
  return {
    totals: totals as { total: number; active: number; recent: number },
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
