import type { HttpContext } from '@adonisjs/core/http'
import Tenant from '#models/landlord/tenant'
import JobRun from '#models/landlord/job_run'
import { recentProvisioningDurations } from '#admin/queries/provisioning_durations'

export default class DashboardController {
  async index({ view }: HttpContext) {
    const tenants = await Tenant.query()
      .preload('template')
      .preload('modules', (query) => query.orderBy('name'))
      .orderBy('created_at', 'desc')
      .limit(50)
    const counts = await Tenant.query().select('status').count('* as total').groupBy('status')
    const byStatus: Record<string, number> = {}
    for (const row of counts) {
      byStatus[row.status] = Number(row.$extras.total)
    }
    const failed = await JobRun.query().where('status', 'failed').count('* as total').firstOrFail()
    const durations = await recentProvisioningDurations()
    const slowest = Math.max(1, ...durations.map((entry) => entry.durationMs))
    return view.render('pages/admin/dashboard', {
      byStatus,
      tenants,
      failedJobs: Number(failed.$extras.total),
      durations: durations.map((entry) => {
        const width = Math.max(2, Math.round((entry.durationMs / slowest) * 200))
        // The label column fits 18 characters: a longer slug is cut with an ellipsis.
        const label = entry.slug.length > 18 ? `${entry.slug.slice(0, 17)}…` : entry.slug
        return { ...entry, label, width, seconds: (entry.durationMs / 1000).toFixed(1) }
      }),
    })
  }
}
