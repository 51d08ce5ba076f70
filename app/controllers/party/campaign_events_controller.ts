import type { HttpContext } from '@adonisjs/core/http'
import CampaignPolicy from '#policies/campaign_policy'
import { eventValidator } from '#validators/campaign'
import { auditActorOf } from '#party/audit/audit_trail'
import { storeEvent, updateEvent } from '#actions/campaigns/event_changes'
import {
  candidateOptions,
  eventsPage,
  findCampaign,
  findEvent,
  pageOf,
} from '#party/campaigns/campaign_queries'
import {
  asFormErrors,
  campaignMessages,
  renderCampaignPage,
} from '#party/campaigns/campaign_view_helpers'
import { EVENT_STATUSES, EVENT_TYPES } from '#party/campaigns/campaign_rules'

/** Events of a campaign (rallies, corner meetings, …), times in Nepal time. */
export default class CampaignEventsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('view')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const events = await eventsPage(campaign.id, pageOf(ctx.request.input('page')))
    events.paginator.baseUrl(`/campaigns/${campaign.id}/events`)
    return renderCampaignPage(ctx, 'pages/party/campaigns/events', { campaign, events })
  }

  async create(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    return this.#form(ctx, campaign, null)
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const input = await ctx.request.validateUsing(eventValidator, campaignMessages(ctx))
    await asFormErrors(ctx, () => storeEvent(campaign.id, input, auditActorOf(ctx)))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.event_created'))
    return ctx.response.redirect(`/campaigns/${campaign.id}/events`)
  }

  async edit(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    return this.#form(ctx, campaign, await findEvent(campaign.id, ctx.params.id))
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.campaign_id)
    const event = await findEvent(campaign.id, ctx.params.id)
    const input = await ctx.request.validateUsing(eventValidator, campaignMessages(ctx))
    await asFormErrors(ctx, () => updateEvent(campaign.id, event.id, input, auditActorOf(ctx)))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.event_updated'))
    return ctx.response.redirect(`/campaigns/${campaign.id}/events`)
  }

  async #form(ctx: HttpContext, campaign: Record<string, any>, event: Record<string, any> | null) {
    return renderCampaignPage(ctx, 'pages/party/campaigns/event_form', {
      campaign,
      event,
      candidates: await candidateOptions(campaign.id),
      eventTypes: EVENT_TYPES,
      statuses: EVENT_STATUSES,
    })
  }
}
