import type { HttpContext } from '@adonisjs/core/http'
import Tenant from '#models/landlord/tenant'

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
    return view.render('pages/admin/dashboard', { byStatus, tenants })
  }
}
