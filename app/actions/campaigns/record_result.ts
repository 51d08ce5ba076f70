import tenancy from '#tenancy/services/tenancy'
import { recordAudit, type AuditActor } from '#party/audit/audit_trail'
import { CampaignRuleError } from '#party/campaigns/campaign_errors'

export interface ResultInput {
  candidate_id: number
  votes: number
  total_valid_votes: number
  is_winner?: boolean
}

/**
 * Records an FPTP candidate's count: the candidate's votes (the total row
 * of `election_results`, no polling station) and the valid votes counted in
 * the constituency (`constituency_results`), both audited in one
 * transaction. Votes above the valid total are refused.
 */
export async function recordResult(campaignId: number, input: ResultInput, actor: AuditActor) {
  if (input.votes > input.total_valid_votes) {
    throw new CampaignRuleError('votes_above_total', 'votes')
  }
  await tenancy.db().transaction(async (trx) => {
    const candidate = await trx
      .from('candidates')
      .where({ id: input.candidate_id, campaign_id: campaignId })
      .forUpdate()
      .first()
    if (!candidate) throw new CampaignRuleError('candidate_not_in_campaign', 'candidate_id')
    if (candidate.election_system !== 'fptp') {
      throw new CampaignRuleError('result_fptp_only', 'candidate_id')
    }

    const previous = await trx
      .from('election_results')
      .where('candidate_id', candidate.id)
      .whereNull('polling_station_id')
      .first()
    const result = { votes: input.votes, is_winner: input.is_winner === true }
    let resultId: number
    if (previous) {
      resultId = previous.id
      await trx
        .from('election_results')
        .where('id', previous.id)
        .update({ ...result, updated_at: trx.raw('now()') })
    } else {
      const [{ id }] = await trx
        .table('election_results')
        .insert({ ...result, candidate_id: candidate.id })
        .returning('id')
      resultId = id
    }
    await recordAudit(trx, actor, {
      action: previous ? 'updated' : 'created',
      auditableType: 'election_results',
      auditableId: resultId,
      oldValues: previous ? { votes: previous.votes, is_winner: previous.is_winner } : null,
      newValues: { ...result, candidate_id: candidate.id },
    })

    const totalBefore = await trx
      .from('constituency_results')
      .where('campaign_id', campaignId)
      .whereRaw(`constituency_key = lower(regexp_replace(?, '\\s+', '', 'g'))`, [
        candidate.constituency,
      ])
      .forUpdate()
      .first()
    let totalId: number
    if (totalBefore) {
      totalId = totalBefore.id
      await trx
        .from('constituency_results')
        .where('id', totalBefore.id)
        .update({ total_valid_votes: input.total_valid_votes, updated_at: trx.raw('now()') })
    } else {
      const [{ id }] = await trx
        .table('constituency_results')
        .insert({
          campaign_id: campaignId,
          constituency: candidate.constituency,
          total_valid_votes: input.total_valid_votes,
        })
        .returning('id')
      totalId = id
    }
    await recordAudit(trx, actor, {
      action: totalBefore ? 'updated' : 'created',
      auditableType: 'constituency_results',
      auditableId: totalId,
      oldValues: totalBefore ? { total_valid_votes: totalBefore.total_valid_votes } : null,
      newValues: {
        constituency: candidate.constituency,
        total_valid_votes: input.total_valid_votes,
      },
    })
  })
}
