import tenancy from '#tenancy/services/tenancy'
import { recordAudit, type AuditActor } from '#party/audit/audit_trail'
import { isoDay } from '#actions/campaigns/campaign_changes'

export interface ExpenseInput {
  spent_on: Date
  category: string
  /** Integer paisa, above zero (the validator's `rupees` rule). */
  amount: number
  description: string
  payee?: string | null
  voucher_number?: string | null
}

/**
 * Records one spending entry of a candidate, audited in the same
 * transaction; returns its id. Spending past the ceiling is recorded (it
 * happened) and flagged by the pages, never silently dropped.
 */
export async function recordExpense(
  candidateId: number,
  input: ExpenseInput,
  actor: AuditActor
): Promise<number> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw new RangeError(`Not a positive whole number of paisa: ${input.amount}`)
  }
  return tenancy.db().transaction(async (trx) => {
    const row = {
      candidate_id: candidateId,
      spent_on: isoDay(input.spent_on),
      category: input.category,
      amount_paisa: input.amount,
      description: input.description,
      payee: input.payee ?? null,
      voucher_number: input.voucher_number ?? null,
      created_by: actor.userId,
    }
    const [{ id }] = await trx.table('candidate_expenses').insert(row).returning('id')
    await recordAudit(trx, actor, {
      action: 'created',
      auditableType: 'candidate_expenses',
      auditableId: id,
      newValues: row,
    })
    return id
  })
}

/** Deletes a spending entry (a correction), keeping its values in the audit row. */
export async function deleteExpense(candidateId: number, id: number, actor: AuditActor) {
  await tenancy.db().transaction(async (trx) => {
    const before = await trx
      .from('candidate_expenses')
      .where({ id, candidate_id: candidateId })
      .forUpdate()
      .firstOrFail()
    await trx.from('candidate_expenses').where('id', id).delete()
    await recordAudit(trx, actor, {
      action: 'deleted',
      auditableType: 'candidate_expenses',
      auditableId: id,
      oldValues: { ...before, spent_on: isoDay(before.spent_on) },
    })
  })
}
