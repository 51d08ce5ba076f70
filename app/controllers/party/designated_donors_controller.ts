import type { HttpContext } from '@adonisjs/core/http'
import DonationPolicy from '#policies/donation_policy'
import tenancy from '#tenancy/services/tenancy'
import { auditActorOf } from '#party/audit/audit_trail'
import { addDesignatedDonor, removeDesignatedDonor } from '#actions/donations/designated_donors'
import { problemsToValidationError } from '#party/donations/problem_messages'

/**
 * Donors the Election Commission designates (Political Parties Act 2073
 * s.38(2)(h)): staff who record donations see the list, party admins keep it.
 */
export default class DesignatedDonorsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.with(DonationPolicy).authorize('viewList')
    const donors = await tenancy
      .db()
      .from('designated_prohibited_donors')
      .orderBy('name')
      .select('id', 'name', 'pan', 'citizenship_number', 'ec_reference', 'notes')
    return view.render('pages/party/designated_donors/index', { donors })
  }

  async store(ctx: HttpContext) {
    const { request, response, bouncer, session, i18n } = ctx
    await bouncer.with(DonationPolicy).authorize('manageDesignated')
    const result = await addDesignatedDonor(
      {
        name: request.input('name'),
        pan: request.input('pan'),
        citizenshipNumber: request.input('citizenship_number'),
        ecReference: request.input('ec_reference'),
        notes: request.input('notes'),
      },
      auditActorOf(ctx)
    )
    if (!result.ok) {
      throw problemsToValidationError(ctx, result.problems, 'finance.designated.problems', {})
    }
    session.flash('success', i18n.t('finance.designated.added'))
    return response.redirect('/designated-donors')
  }

  async destroy(ctx: HttpContext) {
    const { params, response, bouncer, session, i18n } = ctx
    await bouncer.with(DonationPolicy).authorize('manageDesignated')
    const removed = await removeDesignatedDonor(Number(params.id), auditActorOf(ctx))
    session.flash(
      removed ? 'success' : 'error',
      i18n.t(removed ? 'finance.designated.removed' : 'finance.designated.missing')
    )
    return response.redirect('/designated-donors')
  }
}
