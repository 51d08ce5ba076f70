import type { HttpContext } from '@adonisjs/core/http'
import AuditLogPolicy from '#policies/audit_log_policy'
import {
  auditDiff,
  auditFilterChoices,
  findAuditLog,
  listAuditLogs,
  parseAuditFilters,
} from '#party/audit/list_audit_logs'
import { financeViewHelpers, notFound } from '#party/finance/finance_view'

/**
 * The party's audit log: read only. There is no route that edits or
 * deletes an entry, and the database refuses it (trigger
 * `audit_logs_append_only`).
 */
export default class AuditLogsController {
  async index({ request, view, bouncer }: HttpContext) {
    await bouncer.with(AuditLogPolicy).authorize('view')
    const filters = await parseAuditFilters(request.qs())
    const [page, choices] = await Promise.all([listAuditLogs(filters), auditFilterChoices()])
    return view.render('pages/party/audit/index', {
      ...page,
      ...choices,
      filters,
      query: { ...filters, before: undefined },
      active: 'audit',
    })
  }

  async show({ params, view, bouncer, i18n }: HttpContext) {
    await bouncer.with(AuditLogPolicy).authorize('view')
    const id = Number(params.id)
    const entry = Number.isSafeInteger(id) && id > 0 ? await findAuditLog(id) : null
    if (!entry) return notFound()
    return view.render('pages/party/audit/show', {
      ...financeViewHelpers(i18n.locale),
      entry,
      diff: auditDiff(entry.old_values, entry.new_values),
      active: 'audit',
    })
  }
}
