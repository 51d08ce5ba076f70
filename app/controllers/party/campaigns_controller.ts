import type { HttpContext } from '@adonisjs/core/http'
import CampaignPolicy from '#policies/campaign_policy'
import { campaignValidator } from '#validators/campaign'
import { auditActorOf } from '#party/audit/audit_trail'
import { storeCampaign, updateCampaign } from '#actions/campaigns/campaign_changes'
import {
  campaignSummary,
  candidatesPage,
  eventsPage,
  findCampaign,
  listCampaigns,
  pageOf,
  statementDeadline,
} from '#party/campaigns/campaign_queries'
import { campaignMessages, renderCampaignPage } from '#party/campaigns/campaign_view_helpers'
import {
  CAMPAIGN_STATUSES,
  DEFAULT_CEILING_WARNING_PERCENT,
  DEFAULT_EXPENSE_STATEMENT_DAYS,
  ELECTION_TYPES,
} from '#party/campaigns/campaign_rules'

/**
 * The party's election campaigns (module `election_campaign`): list,
 * create, edit, and a campaign's page with its candidates, spending
 * against their ceilings, events and the expense statement's deadline.
 */
export default class CampaignsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('view')
    const paginator = await listCampaigns(pageOf(ctx.request.input('page')))
    paginator.baseUrl('/campaigns')
    return renderCampaignPage(ctx, 'pages/party/campaigns/index', {
      paginator,
      campaigns: paginator.all(),
    })
  }

  async create(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    return renderCampaignPage(ctx, 'pages/party/campaigns/form', {
      campaign: null,
      defaults: {
        expense_statement_days: DEFAULT_EXPENSE_STATEMENT_DAYS,
        ceiling_warning_percent: DEFAULT_CEILING_WARNING_PERCENT,
      },
      electionTypes: ELECTION_TYPES,
      statuses: CAMPAIGN_STATUSES,
    })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const input = await ctx.request.validateUsing(campaignValidator, campaignMessages(ctx))
    const id = await storeCampaign(input, auditActorOf(ctx))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.created'))
    return ctx.response.redirect(`/campaigns/${id}`)
  }

  async show(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('view')
    const campaign = await findCampaign(ctx.params.id)
    const [candidates, summary, events] = await Promise.all([
      candidatesPage(campaign, pageOf(ctx.request.input('page'))),
      campaignSummary(campaign),
      eventsPage(campaign.id, 1),
    ])
    candidates.paginator.baseUrl(`/campaigns/${campaign.id}`)
    return renderCampaignPage(ctx, 'pages/party/campaigns/show', {
      campaign,
      candidates,
      summary,
      events: events.rows.slice(0, 5),
      moreEvents: events.paginator.total > 5,
      deadline: statementDeadline(campaign),
    })
  }

  async edit(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    return renderCampaignPage(ctx, 'pages/party/campaigns/form', {
      campaign: await findCampaign(ctx.params.id),
      defaults: {},
      electionTypes: ELECTION_TYPES,
      statuses: CAMPAIGN_STATUSES,
    })
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with(CampaignPolicy).authorize('manage')
    const campaign = await findCampaign(ctx.params.id)
    const input = await ctx.request.validateUsing(campaignValidator, campaignMessages(ctx))
    await updateCampaign(campaign.id, input, auditActorOf(ctx))
    ctx.session.flash('success', ctx.i18n.t('campaigns.flash.updated'))
    return ctx.response.redirect(`/campaigns/${campaign.id}`)
  }
}
