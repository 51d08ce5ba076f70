import type { HttpContext } from '@adonisjs/core/http'
import CampaignPolicy from '#policies/campaign_policy'
import { candidateStatusValidator, candidateValidator } from '#validators/campaign'
import { auditActorOf } from '#party/audit/audit_trail'
import {
  changeCandidateStatus,
  storeCandidate,
  updateCandidate,
} from '#actions/campaigns/candidate_changes'
import {
  expensesPage,
  findCampaign,
  findCandidate,
  pageOf,
} from '#party/campaigns/campaign_queries'
import {
  asFormErrors,
  campaignMessages,
  renderCampaignPage,
} from '#party/campaigns/campaign_view_helpers'
import { ELECTION_SYSTEMS, EXPENSE_CATEGORIES, nextStatuses } from '#party/campaigns/campaign_rules'
import { provinces } from '#party/geography/nepal_geography'

/**
 * A campaign's candidates: FPTP (constituency) or PR (list rank), the
 * nomination workflow, and a candidate's page with spending against the
 * ceiling.
 */
export default class CandidatesController {
  async create(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    return renderCampaignPage(ctx, 'pages/party/campaigns/candidate_form', {
      campaign,
      candidate: null,
      systems: ELECTION_SYSTEMS,
      provinces,
    })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const input = await ctx.request.validateUsing(candidateValidator, campaignMessages(ctx))
    const id = await asFormErrors(ctx, () => storeCandidate(campaign.id, input, auditActorOf(ctx)))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.candidate_created'))
    return ctx.response.redirect(`/campaigns/${campaign.id}/candidates/${id}`)
  }

  async show(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('view')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const candidate = await findCandidate(campaign, ctx.params.id)
    const expenses = await expensesPage(candidate.id, pageOf(ctx.request.input('page')))
    expenses.paginator.baseUrl(`/campaigns/${campaign.id}/candidates/${candidate.id}`)
    return renderCampaignPage(ctx, 'pages/party/campaigns/candidate', {
      campaign,
      candidate,
      expenses,
      categories: EXPENSE_CATEGORIES,
      nextStatuses: nextStatuses(candidate.status),
      province: provinces.find((province) => province.id === candidate.province_id),
    })
  }

  async edit(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    return renderCampaignPage(ctx, 'pages/party/campaigns/candidate_form', {
      campaign,
      candidate: await findCandidate(campaign, ctx.params.id),
      systems: ELECTION_SYSTEMS,
      provinces,
    })
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const candidate = await findCandidate(campaign, ctx.params.id)
    const input = await ctx.request.validateUsing(candidateValidator, campaignMessages(ctx))
    await asFormErrors(ctx, () => updateCandidate(candidate.id, input, auditActorOf(ctx)))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.candidate_updated'))
    return ctx.response.redirect(`/campaigns/${campaign.id}/candidates/${candidate.id}`)
  }

  /** Moves the candidate along the nomination workflow. */
  async status(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const candidate = await findCandidate(campaign, ctx.params.id)
    const { status } = await ctx.request.validateUsing(
      candidateStatusValidator,
      campaignMessages(ctx)
    )
    await asFormErrors(ctx, () => changeCandidateStatus(candidate.id, status, auditActorOf(ctx)))
    ctx.session.flash(
      'success',
      ctx.i18n.t('campaigns.flash.status_changed', {
        status: ctx.i18n.t(`campaigns.candidate_statuses.${status}`),
      })
    )
    return ctx.response.redirect(`/campaigns/${campaign.id}/candidates/${candidate.id}`)
  }
}
