import type { HttpContext } from '@adonisjs/core/http'
import tenancy from '#tenancy/services/tenancy'
import { membersPerBsMonth } from '#party/members/members_per_month'
import { donationComplianceCard } from '#party/donations/compliance'
import { districtCoverage } from '#party/committees/committee_queries'

/**
 * The staff's home page: how many members, where they are, and how many
 * joined in each of the last twelve BS months.
 */
export default class DashboardController {
  async index({ view, i18n }: HttpContext) {
    const client = tenancy.db()
    const name = i18n.locale === 'ne' ? 'name_np' : 'name'
    const [totals, byProvince, perDay, coverage] = await Promise.all([
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
      districtCoverage(i18n.locale),
    ])
    const months = membersPerBsMonth(
      perDay.map((row) => ({ day: row.day, total: Number(row.total) })),
      i18n.locale === 'ne' ? 'ne' : 'en'
    )
    const busiest = Math.max(1, ...months.map((month) => month.total))
    const provinces = byProvince.map((row) => ({ ...row, total: Number(row.total) }))
    const max = Math.max(1, ...provinces.map((row) => row.total))
    return view.render('pages/party/dashboard', {
      totals,
      compliance: await donationComplianceCard(i18n.locale),
      // Bars of at most 400 px; a province with members never gets an invisible bar.
      chart: provinces.map((row) => {
        const width = row.total ? Math.max(2, Math.round((row.total / max) * 400)) : 0
        return { ...row, width }
      }),
      // Columns of at most 150 px high, baseline at y = 170.
      monthly: months.map((month, index) => {
        const height = month.total ? Math.max(2, Math.round((month.total / busiest) * 150)) : 0
        return { ...month, x: 20 + index * 52, height, y: 170 - height }
      }),
      coverage: coverageChart(coverage),
    })
  }
}

/**
 * Bars of the committee coverage chart: each province's districts on a
 * common scale (at most 400 px), the covered part drawn over them.
 */
function coverageChart(rows: Awaited<ReturnType<typeof districtCoverage>>) {
  const most = Math.max(1, ...rows.map((row) => row.districts))
  return {
    rows: rows.map((row) => ({
      ...row,
      width: Math.round((row.districts / most) * 400),
      coveredWidth: Math.round((row.covered / most) * 400),
    })),
    districts: rows.reduce((sum, row) => sum + row.districts, 0),
    covered: rows.reduce((sum, row) => sum + row.covered, 0),
  }
}
