import tenancy from '#tenancy/services/tenancy'
import { recordAudit, type AuditActor } from '#party/audit/audit_trail'

export type VerifyOutcome = 'verified' | 'already_verified' | 'not_found'

/**
 * The treasurer's check of a donation against the bank or cash book. Once
 * verified, the donation is locked: the database refuses any later UPDATE or
 * DELETE (template migration 0050). The row and its audit entry (`verified`)
 * commit together.
 */
export async function verifyDonation(id: number, actor: AuditActor): Promise<VerifyOutcome> {
  if (actor.userId === null) throw new Error('verifyDonation: a verification needs a staff user')
  return tenancy.db().transaction(async (trx) => {
    const row = await trx
      .from('donations')
      .where('id', id)
      .forUpdate()
      .select('id', 'verified_at')
      .first()
    if (!row) return 'not_found'
    if (row.verified_at) return 'already_verified'
    const [updated] = await trx
      .from('donations')
      .where('id', id)
      .update({
        verified_at: trx.raw('now()'),
        verified_by: actor.userId,
        updated_at: trx.raw('now()'),
      })
      .returning(['verified_at'])
    await recordAudit(trx, actor, {
      action: 'verified',
      auditableType: 'donations',
      auditableId: id,
      oldValues: { verified_at: null, verified_by: null },
      newValues: { verified_at: updated.verified_at, verified_by: actor.userId },
    })
    return 'verified'
  })
}

/**
 * Deletes a donation recorded by mistake, while it is still unverified (the
 * database refuses a verified one). The full row goes to the audit log.
 */
export async function deleteDonation(
  id: number,
  actor: AuditActor
): Promise<VerifyOutcome | 'deleted'> {
  return tenancy.db().transaction(async (trx) => {
    const row = await trx.from('donations').where('id', id).forUpdate().select('*').first()
    if (!row) return 'not_found'
    if (row.verified_at) return 'already_verified'
    await trx.from('donations').where('id', id).delete()
    await recordAudit(trx, actor, {
      action: 'deleted',
      auditableType: 'donations',
      auditableId: id,
      oldValues: row,
    })
    return 'deleted'
  })
}
