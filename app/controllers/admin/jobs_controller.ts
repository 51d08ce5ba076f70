import type { HttpContext } from '@adonisjs/core/http'
import JobRun, { JOB_RUN_STATUSES, type JobRunStatus } from '#models/landlord/job_run'
import { retryRun } from '#services/job_queue'

export default class JobsController {
  /**
   * Jobs by status (failed first by default): job, tenant, error, attempts.
   */
  async index({ request, view }: HttpContext) {
    const requested = request.input('status', 'failed')
    const status = JOB_RUN_STATUSES.includes(requested as JobRunStatus)
      ? (requested as JobRunStatus)
      : 'failed'
    const page = Math.max(1, Number.parseInt(request.input('page', '1'), 10) || 1)
    const jobs = await JobRun.query()
      .where('status', status)
      .preload('tenant')
      .orderBy('id', 'desc')
      .paginate(page, 50)
    jobs.baseUrl(request.url())
    jobs.queryString({ status })
    // How many runs each tab holds (an index-only count on status).
    const counts: Record<string, number> = {}
    const rows = await JobRun.query().select('status').count('* as total').groupBy('status')
    for (const row of rows) counts[row.status] = Number(row.$extras.total)
    return view.render('pages/admin/jobs/index', {
      jobs,
      status,
      statuses: JOB_RUN_STATUSES,
      counts,
    })
  }

  async retry({ params, response, session, i18n }: HttpContext) {
    const run = await JobRun.findOrFail(params.id)
    if (run.status !== 'failed') {
      session.flash('error', i18n.t('admin.jobs.not_failed'))
      return response.redirect().toRoute('admin.jobs.index')
    }
    // Provisioning goes through the tenant's own retry so its status rules apply.
    if (run.name === 'provision-tenant' && run.tenantId) {
      const { default: Tenant } = await import('#models/landlord/tenant')
      const tenant = await Tenant.find(run.tenantId)
      if (tenant) return response.redirect().toRoute('admin.tenants.show', { slug: tenant.slug })
    }
    await retryRun(run)
    session.flash('success', i18n.t('admin.jobs.retried'))
    return response.redirect().toRoute('admin.jobs.index')
  }
}
