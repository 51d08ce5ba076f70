import type { HttpContext } from '@adonisjs/core/http'
import CampaignPolicy from '#policies/campaign_policy'
import { ceilingAmountValidator, ceilingValidator } from '#validators/campaign'
import { auditActorOf } from '#party/audit/audit_trail'
import { deleteCeiling, storeCeiling, updateCeiling } from '#actions/campaigns/ceiling_changes'
import { ceilingsOf, findCampaign } from '#party/campaigns/campaign_queries'
import {
  asFormErrors,
  campaignMessages,
  renderCampaignPage,
} from '#party/campaigns/campaign_view_helpers'
import { ELECTION_SYSTEMS } from '#party/campaigns/campaign_rules'

/**
 * Spending ceilings of a campaign's election, per system and constituency:
 * everyone reads them, only party admins keep them.
 */
export default class SpendingCeilingsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('view')
    const campaign = await findCampaign(ctx.params.campaign_id)
    return renderCampaignPage(ctx, 'pages/party/campaigns/ceilings', {
      campaign,
      ceilings: await ceilingsOf(campaign.id),
      systems: ELECTION_SYSTEMS,
    })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manageCeilings')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const input = await ctx.request.validateUsing(ceilingValidator, campaignMessages(ctx))
    await asFormErrors(ctx, () => storeCeiling(campaign.id, input, auditActorOf(ctx)))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.ceiling_saved'))
    return ctx.response.redirect(`/campaigns/${campaign.id}/ceilings`)
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manageCeilings')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const { amount } = await ctx.request.validateUsing(
      ceilingAmountValidator,
      campaignMessages(ctx)
    )
    await updateCeiling(campaign.id, Number(ctx.params.id), amount, auditActorOf(ctx))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.ceiling_saved'))
    return ctx.response.redirect(`/campaigns/${campaign.id}/ceilings`)
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manageCeilings')
    const campaign = await findCampaign(ctx.params.campaign_id)
    await deleteCeiling(campaign.id, Number(ctx.params.id), auditActorOf(ctx))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.ceiling_deleted'))
    return ctx.response.redirect(`/campaigns/${campaign.id}/ceilings`)
  }
}
