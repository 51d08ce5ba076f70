import type { HttpContext } from '@adonisjs/core/http'
import DonationPolicy from '#policies/donation_policy'
import tenancy from '#tenancy/services/tenancy'
import { auditActorOf } from '#party/audit/audit_trail'
import {
  refusesSplitCash,
  saveDonationLimits,
  setRefuseSplitCash,
} from '#actions/donations/donation_limits'
import { decimalToPaisa } from '#party/donations/donation_amount'
import { fiscalYearFor } from '#party/calendar/fiscal_year'
import { nepalCalendarDate } from '#party/calendar/bikram_sambat'
import { problemsToValidationError } from '#party/donations/problem_messages'

/**
 * Donation limits per fiscal year (cash limit of s.38(3), disclosure
 * threshold): everyone reads them, party admins set them. A year without
 * its own row uses the latest earlier one (carried forward).
 */
export default class DonationLimitsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.with(DonationPolicy).authorize('viewList')
    const rows = await tenancy.db().from('donation_limits').orderBy('fiscal_year', 'desc')
    const current = fiscalYearFor(nepalCalendarDate()).label
    return view.render('pages/party/donation_limits/index', {
      current,
      hasCurrent: rows.some((row) => row.fiscal_year === current),
      refuseSplitCash: await refusesSplitCash(),
      limits: rows.map((row) => ({
        id: row.id,
        fiscalYear: row.fiscal_year,
        cashLimitPaisa: decimalToPaisa(row.cash_limit),
        disclosureThresholdPaisa: decimalToPaisa(row.disclosure_threshold),
        notes: row.notes,
      })),
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, bouncer, session, i18n } = ctx
    await bouncer.with(DonationPolicy).authorize('manageLimits')
    const result = await saveDonationLimits(
      {
        fiscalYear: request.input('fiscal_year'),
        cashLimit: request.input('cash_limit'),
        disclosureThreshold: request.input('disclosure_threshold'),
        notes: request.input('notes'),
      },
      auditActorOf(ctx)
    )
    if (!result.ok)
      throw problemsToValidationError(ctx, result.problems, 'finance.limits.problems', {})
    session.flash('success', i18n.t('finance.limits.saved', { fiscalYear: result.fiscalYear }))
    return response.redirect('/donation-limits')
  }

  /** The party setting: refuse cash that splits past the limit, or only flag it. */
  async updateSplitCash(ctx: HttpContext) {
    const { request, response, bouncer, session, i18n } = ctx
    await bouncer.with(DonationPolicy).authorize('manageLimits')
    const refuse = request.input('refuse_split_cash') === '1'
    await setRefuseSplitCash(refuse, auditActorOf(ctx))
    session.flash(
      'success',
      i18n.t(refuse ? 'finance.limits.split_refused' : 'finance.limits.split_flagged')
    )
    return response.redirect('/donation-limits')
  }
}
