import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import tenancy from '#tenancy/services/tenancy'
import { changedValues, recordAudit, type AuditActor } from '#party/audit/audit_trail'
import { CampaignRuleError } from '#party/campaigns/campaign_errors'

export interface EventInput {
  title: string
  title_np?: string | null
  event_type: string
  starts_at: Date
  ends_at?: Date | null
  location?: string | null
  candidate_id?: number | null
  status: string
  description?: string | null
}

function eventRow(input: EventInput) {
  if (input.ends_at && input.ends_at.getTime() < input.starts_at.getTime()) {
    throw new CampaignRuleError('ends_before_start', 'ends_at')
  }
  return {
    title: input.title,
    title_np: input.title_np ?? null,
    event_type: input.event_type,
    starts_at: input.starts_at.toISOString(),
    ends_at: input.ends_at?.toISOString() ?? null,
    location: input.location ?? null,
    candidate_id: input.candidate_id ?? null,
    status: input.status,
    description: input.description ?? null,
  }
}

/** The candidate, when one is named, must stand in the same campaign. */
async function assertCandidateOf(
  trx: TransactionClientContract,
  campaignId: number,
  candidateId: number | null | undefined
) {
  if (!candidateId) return
  const found = await trx
    .from('candidates')
    .where({ id: candidateId, campaign_id: campaignId })
    .first()
  if (!found) throw new CampaignRuleError('candidate_not_in_campaign', 'candidate_id')
}

/** Adds an event to a campaign, audited; returns its id. */
export async function storeEvent(
  campaignId: number,
  input: EventInput,
  actor: AuditActor
): Promise<number> {
  const row = { ...eventRow(input), campaign_id: campaignId, created_by: actor.userId }
  return tenancy.db().transaction(async (trx) => {
    await assertCandidateOf(trx, campaignId, row.candidate_id)
    const [{ id }] = await trx.table('campaign_events').insert(row).returning('id')
    await recordAudit(trx, actor, {
      action: 'created',
      auditableType: 'campaign_events',
      auditableId: id,
      newValues: row,
    })
    return id
  })
}

/** Changes an event of a campaign, audited with only what changed. */
export async function updateEvent(
  campaignId: number,
  id: number,
  input: EventInput,
  actor: AuditActor
) {
  const row = eventRow(input)
  await tenancy.db().transaction(async (trx) => {
    await assertCandidateOf(trx, campaignId, row.candidate_id)
    const before = await trx
      .from('campaign_events')
      .where({ id, campaign_id: campaignId })
      .forUpdate()
      .firstOrFail()
    await trx
      .from('campaign_events')
      .where('id', id)
      .update({ ...row, updated_at: trx.raw('now()') })
    const old = {
      ...before,
      starts_at: (before.starts_at as Date).toISOString(),
      ends_at: before.ends_at ? (before.ends_at as Date).toISOString() : null,
    }
    const { oldValues, newValues } = changedValues(old, row)
    await recordAudit(trx, actor, {
      action: 'updated',
      auditableType: 'campaign_events',
      auditableId: id,
      oldValues,
      newValues,
    })
  })
}
