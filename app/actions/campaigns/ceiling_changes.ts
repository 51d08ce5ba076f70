import tenancy from '#tenancy/services/tenancy'
import { recordAudit, type AuditActor } from '#party/audit/audit_trail'
import { CampaignRuleError, isUniqueViolation } from '#party/campaigns/campaign_errors'

export interface CeilingInput {
  election_system: 'fptp' | 'pr'
  constituency?: string | null
  /** Integer paisa, above zero. */
  amount: number
}

/**
 * Records the spending ceiling of a campaign's election for one FPTP
 * constituency, or for its PR candidates; one per constituency. Audited.
 */
export async function storeCeiling(
  campaignId: number,
  input: CeilingInput,
  actor: AuditActor
): Promise<number> {
  if (input.election_system === 'fptp' && !input.constituency) {
    throw new CampaignRuleError('constituency_required', 'constituency')
  }
  const row = {
    campaign_id: campaignId,
    election_system: input.election_system,
    constituency: input.election_system === 'fptp' ? input.constituency! : null,
    amount_paisa: input.amount,
  }
  try {
    return await tenancy.db().transaction(async (trx) => {
      const [{ id }] = await trx.table('spending_ceilings').insert(row).returning('id')
      await recordAudit(trx, actor, {
        action: 'created',
        auditableType: 'spending_ceilings',
        auditableId: id,
        newValues: row,
      })
      return id
    })
  } catch (error) {
    if (isUniqueViolation(error, 'spending_ceilings_campaign_system_key_unique')) {
      throw new CampaignRuleError('ceiling_exists', 'constituency')
    }
    throw error
  }
}

/** Changes a ceiling's amount, audited. */
export async function updateCeiling(
  campaignId: number,
  id: number,
  amount: number,
  actor: AuditActor
) {
  await tenancy.db().transaction(async (trx) => {
    const before = await trx
      .from('spending_ceilings')
      .where({ id, campaign_id: campaignId })
      .forUpdate()
      .firstOrFail()
    await trx
      .from('spending_ceilings')
      .where('id', id)
      .update({ amount_paisa: amount, updated_at: trx.raw('now()') })
    await recordAudit(trx, actor, {
      action: 'updated',
      auditableType: 'spending_ceilings',
      auditableId: id,
      oldValues: { amount_paisa: Number(before.amount_paisa) },
      newValues: { amount_paisa: amount },
    })
  })
}

/** Removes a ceiling, keeping its values in the audit row. */
export async function deleteCeiling(campaignId: number, id: number, actor: AuditActor) {
  await tenancy.db().transaction(async (trx) => {
    const before = await trx
      .from('spending_ceilings')
      .where({ id, campaign_id: campaignId })
      .forUpdate()
      .firstOrFail()
    await trx.from('spending_ceilings').where('id', id).delete()
    await recordAudit(trx, actor, {
      action: 'deleted',
      auditableType: 'spending_ceilings',
      auditableId: id,
      oldValues: {
        election_system: before.election_system,
        constituency: before.constituency,
        amount_paisa: Number(before.amount_paisa),
      },
    })
  })
}
