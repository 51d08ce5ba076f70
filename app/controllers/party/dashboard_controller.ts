import type { HttpContext } from '@adonisjs/core/http'
import { memberDashboardFigures } from '#party/members/member_stats'
import { donationComplianceCard } from '#party/donations/compliance'
import { districtCoverage } from '#party/committees/committee_queries'

/**
 * The staff's home page: how many members, where they are, and how many
 * joined in each of the last twelve BS months.
 */
export default class DashboardController {
  async index({ view, i18n }: HttpContext) {
    const [{ totals, provinces, months }, coverage] = await Promise.all([
      memberDashboardFigures(i18n.locale),
      districtCoverage(i18n.locale),
    ])
    const busiest = Math.max(1, ...months.map((month) => month.total))
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
