import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import tenancy from '#tenancy/services/tenancy'
import { changedValues, recordAudit, type AuditActor } from '#party/audit/audit_trail'
import { canMoveTo, type CandidateStatus } from '#party/campaigns/campaign_rules'
import { CampaignRuleError, isUniqueViolation } from '#party/campaigns/campaign_errors'

export interface CandidateInput {
  membership_id: string
  election_system: 'fptp' | 'pr'
  constituency?: string | null
  pr_list_rank?: number | null
  province_id?: number | null
}

/**
 * The row for a candidate: FPTP candidates have a constituency and no list
 * rank, PR candidates a list rank and no constituency (as the database
 * checks); the member is found by membership id among members not deleted.
 */
async function candidateRow(trx: TransactionClientContract, input: CandidateInput) {
  const member = await trx
    .from('members')
    .where('membership_id', input.membership_id)
    .whereNull('deleted_at')
    .select('id')
    .first()
  if (!member) throw new CampaignRuleError('member_not_found', 'membership_id')
  if (input.election_system === 'fptp' && !input.constituency) {
    throw new CampaignRuleError('constituency_required', 'constituency')
  }
  if (input.election_system === 'pr' && !input.pr_list_rank) {
    throw new CampaignRuleError('pr_list_rank_required', 'pr_list_rank')
  }
  return {
    member_id: member.id as number,
    election_system: input.election_system,
    constituency: input.election_system === 'fptp' ? input.constituency! : null,
    pr_list_rank: input.election_system === 'pr' ? input.pr_list_rank! : null,
    province_id: input.province_id ?? null,
  }
}

/** The database's refusals, as form errors. */
function translated(error: unknown): never {
  if (isUniqueViolation(error, 'candidates_campaign_id_member_id_unique')) {
    throw new CampaignRuleError('member_already_candidate', 'membership_id')
  }
  if (isUniqueViolation(error, 'candidates_pr_list_rank_unique')) {
    throw new CampaignRuleError('pr_list_rank_taken', 'pr_list_rank')
  }
  throw error
}

/** Adds a candidate (status proposed) to a campaign, audited; returns its id. */
export async function storeCandidate(
  campaignId: number,
  input: CandidateInput,
  actor: AuditActor
): Promise<number> {
  try {
    return await tenancy.db().transaction(async (trx) => {
      const row = { ...(await candidateRow(trx, input)), campaign_id: campaignId }
      const [{ id }] = await trx.table('candidates').insert(row).returning('id')
      await recordAudit(trx, actor, {
        action: 'created',
        auditableType: 'candidates',
        auditableId: id,
        newValues: { ...row, membership_id: input.membership_id },
      })
      return id
    })
  } catch (error) {
    translated(error)
  }
}

/** Changes a candidate's system, constituency, list rank or province, audited. */
export async function updateCandidate(id: number, input: CandidateInput, actor: AuditActor) {
  try {
    await tenancy.db().transaction(async (trx) => {
      const before = await trx.from('candidates').where('id', id).forUpdate().firstOrFail()
      const row = await candidateRow(trx, input)
      await trx
        .from('candidates')
        .where('id', id)
        .update({ ...row, updated_at: trx.raw('now()') })
      const { oldValues, newValues } = changedValues(before, row)
      await recordAudit(trx, actor, {
        action: 'updated',
        auditableType: 'candidates',
        auditableId: id,
        oldValues,
        newValues,
      })
    })
  } catch (error) {
    translated(error)
  }
}

/**
 * Moves a candidate along the nomination workflow (`canMoveTo`), audited;
 * a move the workflow does not allow is refused.
 */
export async function changeCandidateStatus(id: number, to: CandidateStatus, actor: AuditActor) {
  try {
    await tenancy.db().transaction(async (trx) => {
      const before = await trx.from('candidates').where('id', id).forUpdate().firstOrFail()
      if (!canMoveTo(before.status, to)) {
        throw new CampaignRuleError('status_not_allowed', 'status', { from: before.status, to })
      }
      await trx
        .from('candidates')
        .where('id', id)
        .update({ status: to, updated_at: trx.raw('now()') })
      await recordAudit(trx, actor, {
        action: 'updated',
        auditableType: 'candidates',
        auditableId: id,
        oldValues: { status: before.status },
        newValues: { status: to },
      })
    })
  } catch (error) {
    translated(error)
  }
}
