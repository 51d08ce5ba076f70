import type { HttpContext } from '@adonisjs/core/http'
import CampaignPolicy from '#policies/campaign_policy'
import { resultValidator } from '#validators/campaign'
import { auditActorOf } from '#party/audit/audit_trail'
import { recordResult } from '#actions/campaigns/record_result'
import { candidatesPage, findCampaign, pageOf } from '#party/campaigns/campaign_queries'
import {
  asFormErrors,
  campaignMessages,
  renderCampaignPage,
} from '#party/campaigns/campaign_view_helpers'

/**
 * Results of a campaign's FPTP candidates: votes and the constituency's
 * valid votes, the vote percentage computed from them.
 */
export default class ElectionResultsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('view')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const candidates = await candidatesPage(campaign, pageOf(ctx.request.input('page')))
    candidates.paginator.baseUrl(`/campaigns/${campaign.id}/results`)
    return renderCampaignPage(ctx, 'pages/party/campaigns/results', {
      campaign,
      candidates,
      fptp: candidates.rows.filter(
        (row) => row.election_system === 'fptp' && !['withdrawn', 'rejected'].includes(row.status)
      ),
    })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const input = await ctx.request.validateUsing(resultValidator, campaignMessages(ctx))
    await asFormErrors(ctx, () => recordResult(campaign.id, input, auditActorOf(ctx)))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.result_saved'))
    return ctx.response.redirect(`/campaigns/${campaign.id}/results`)
  }
}
