import tenancy from '#tenancy/services/tenancy'
import { recordAudit, type AuditActor } from '#party/audit/audit_trail'
import { parseFiscalYearLabel } from '#party/calendar/fiscal_year'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import {
  decimalToPaisa,
  paisaToDecimal,
  parseRupeesToPaisa,
} from '#party/donations/donation_amount'
import { REFUSE_SPLIT_CASH_SETTING, type DonationProblem } from '#actions/donations/record_donation'

export interface DonationLimitsInput {
  fiscalYear: unknown
  cashLimit: unknown
  disclosureThreshold: unknown
  notes?: unknown
}

const NOTES_MAX = 1000

/**
 * Sets the donation limits of one fiscal year (creating or replacing its
 * row), after checking them as carefully as a donation amount: no NaN,
 * negative, zero, exponent or absurdly large figure gets in (a NaN limit
 * once switched the cash rule off). Audited in the same transaction.
 * Donations already recorded keep the flags they were recorded with.
 */
export async function saveDonationLimits(
  input: DonationLimitsInput,
  actor: AuditActor
): Promise<{ ok: true; fiscalYear: string } | { ok: false; problems: DonationProblem[] }> {
  const problems: DonationProblem[] = []
  let fiscalYear: string | null = null
  try {
    if (typeof input.fiscalYear !== 'string') throw new RangeError('missing')
    fiscalYear = parseFiscalYearLabel(fromDevanagariDigits(input.fiscalYear.trim())).label
  } catch {
    problems.push({ code: 'invalid_fiscal_year', field: 'fiscal_year' })
  }
  const cash = parseRupeesToPaisa(input.cashLimit)
  if (!cash.ok)
    problems.push({ code: cash.problem, field: 'cash_limit', params: { max: '1000000000' } })
  const disclosure = parseRupeesToPaisa(input.disclosureThreshold)
  if (!disclosure.ok) {
    problems.push({
      code: disclosure.problem,
      field: 'disclosure_threshold',
      params: { max: '1000000000' },
    })
  }
  const notes =
    typeof input.notes === 'string' && input.notes.trim() !== '' ? input.notes.trim() : null
  if (notes && notes.length > NOTES_MAX) {
    problems.push({ code: 'text_too_long', field: 'notes', params: { max: NOTES_MAX } })
  }
  if (problems.length > 0 || !fiscalYear || !cash.ok || !disclosure.ok)
    return { ok: false, problems }

  const values = {
    cash_limit: paisaToDecimal(cash.paisa),
    disclosure_threshold: paisaToDecimal(disclosure.paisa),
    notes,
  }
  await tenancy.db().transaction(async (trx) => {
    const before = await trx
      .from('donation_limits')
      .where('fiscal_year', fiscalYear)
      .forUpdate()
      .first()
    if (before) {
      await trx
        .from('donation_limits')
        .where('id', before.id)
        .update({ ...values, updated_at: trx.raw('now()') })
      await recordAudit(trx, actor, {
        action: 'updated',
        auditableType: 'donation_limits',
        auditableId: before.id,
        oldValues: {
          fiscal_year: fiscalYear,
          cash_limit: paisaToDecimal(decimalToPaisa(before.cash_limit)),
          disclosure_threshold: paisaToDecimal(decimalToPaisa(before.disclosure_threshold)),
          notes: before.notes,
        },
        newValues: { fiscal_year: fiscalYear, ...values },
      })
    } else {
      const [row] = await trx
        .insertQuery()
        .table('donation_limits')
        .insert({ fiscal_year: fiscalYear, ...values })
        .returning('id')
      await recordAudit(trx, actor, {
        action: 'created',
        auditableType: 'donation_limits',
        auditableId: row.id,
        newValues: { fiscal_year: fiscalYear, ...values },
      })
    }
  })
  return { ok: true, fiscalYear: fiscalYear }
}

/**
 * The party setting that decides what happens to cash that splits past the
 * limit: refused (true) or only flagged for the treasurer (false, default).
 * Audited with the old and new value.
 */
export async function setRefuseSplitCash(refuse: boolean, actor: AuditActor): Promise<void> {
  await tenancy.db().transaction(async (trx) => {
    const before = await trx
      .from('party_settings')
      .where('key', REFUSE_SPLIT_CASH_SETTING)
      .forUpdate()
      .first()
    const old = before?.value === true
    if (before && old === refuse) return
    await trx.rawQuery(
      `insert into party_settings (key, value, updated_at) values (?, ?::jsonb, now())
         on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [REFUSE_SPLIT_CASH_SETTING, JSON.stringify(refuse)]
    )
    await recordAudit(trx, actor, {
      action: before ? 'updated' : 'created',
      auditableType: 'party_settings',
      oldValues: before ? { key: REFUSE_SPLIT_CASH_SETTING, value: old } : null,
      newValues: { key: REFUSE_SPLIT_CASH_SETTING, value: refuse },
    })
  })
}

/** Whether the party refuses (rather than flags) cash that splits past the limit. */
export async function refusesSplitCash(): Promise<boolean> {
  const row = await tenancy
    .db()
    .from('party_settings')
    .where('key', REFUSE_SPLIT_CASH_SETTING)
    .first()
  return row?.value === true
}
