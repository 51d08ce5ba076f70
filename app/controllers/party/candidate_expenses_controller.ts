import type { HttpContext } from '@adonisjs/core/http'
import CampaignPolicy from '#policies/campaign_policy'
import { expenseValidator } from '#validators/campaign'
import { auditActorOf } from '#party/audit/audit_trail'
import { deleteExpense, recordExpense } from '#actions/campaigns/record_expense'
import { findCampaign, findCandidate } from '#party/campaigns/campaign_queries'
import { campaignMessages, campaignViewHelpers } from '#party/campaigns/campaign_view_helpers'

/**
 * Spending entries of a candidate. After each entry the candidate's
 * standing against the ceiling is read again: nearing or passing it is
 * said in the flash message too.
 */
export default class CandidateExpensesController {
  async store(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const candidate = await findCandidate(campaign, ctx.params.candidate_id)
    const input = await ctx.request.validateUsing(expenseValidator, campaignMessages(ctx))
    await recordExpense(candidate.id, input, auditActorOf(ctx))
    const after = await findCandidate(campaign, candidate.id)
    const { money, percent } = campaignViewHelpers(ctx.i18n.locale)
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.expense_recorded'))
    if (after.ceiling.level === 'over' || after.ceiling.level === 'warning') {
      ctx.session.flash(
        'error',
        ctx.i18n.t(`campaigns.ceiling.flash_${after.ceiling.level}`, {
          percent: percent(after.ceiling.basisPoints),
          ceiling: money(after.ceilingPaisa),
        })
      )
    }
    return ctx.response.redirect(`/campaigns/${campaign.id}/candidates/${candidate.id}`)
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const candidate = await findCandidate(campaign, ctx.params.candidate_id)
    await deleteExpense(candidate.id, Number(ctx.params.id), auditActorOf(ctx))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.expense_deleted'))
    return ctx.response.redirect(`/campaigns/${campaign.id}/candidates/${candidate.id}`)
  }
}
