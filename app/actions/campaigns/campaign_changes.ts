import tenancy from '#tenancy/services/tenancy'
import { adToBs } from '#party/calendar/bikram_sambat'
import { fiscalYearFor } from '#party/calendar/fiscal_year'
import { formatBsDate } from '#party/calendar/nepali_format'
import { changedValues, recordAudit, type AuditActor } from '#party/audit/audit_trail'

export interface CampaignInput {
  name: string
  name_np?: string | null
  election_type: string
  is_by_election?: boolean
  election_date?: Date | null
  status: string
  notes?: string | null
  results_declared_on?: Date | null
  expense_statement_filed_on?: Date | null
  expense_statement_days: number
  ceiling_warning_percent: number
}

/** A date picked in a form (parsed at local midnight) as `YYYY-MM-DD`. */
export function isoDay(date: Date | null | undefined): string | null {
  if (!date) return null
  const month = String(date.getMonth() + 1).padStart(2, '0')
  const day = String(date.getDate()).padStart(2, '0')
  return `${date.getFullYear()}-${month}-${day}`
}

function campaignRow(input: CampaignInput) {
  const electionDate = isoDay(input.election_date)
  let electionDateBs: string | null = null
  let fiscalYear: string | null = null
  if (electionDate) {
    const day = new Date(`${electionDate}T00:00:00Z`)
    electionDateBs = formatBsDate(adToBs(day), 'en', 'iso')
    try {
      fiscalYear = fiscalYearFor(day).label
    } catch {
      fiscalYear = null
    }
  }
  return {
    name: input.name,
    name_np: input.name_np ?? null,
    election_type: input.election_type,
    is_by_election: input.is_by_election === true,
    election_date: electionDate,
    election_date_bs: electionDateBs,
    fiscal_year: fiscalYear,
    status: input.status,
    notes: input.notes ?? null,
    results_declared_on: isoDay(input.results_declared_on),
    expense_statement_filed_on: isoDay(input.expense_statement_filed_on),
    expense_statement_days: input.expense_statement_days,
    ceiling_warning_percent: input.ceiling_warning_percent,
  }
}

/** Creates a campaign and its audit row in one transaction; returns its id. */
export async function storeCampaign(input: CampaignInput, actor: AuditActor): Promise<number> {
  return tenancy.db().transaction(async (trx) => {
    const row = campaignRow(input)
    const [{ id }] = await trx.table('election_campaigns').insert(row).returning('id')
    await recordAudit(trx, actor, {
      action: 'created',
      auditableType: 'election_campaigns',
      auditableId: id,
      newValues: row,
    })
    return id
  })
}

/** Updates a campaign; the audit row holds only what changed. */
export async function updateCampaign(id: number, input: CampaignInput, actor: AuditActor) {
  await tenancy.db().transaction(async (trx) => {
    const before = await trx.from('election_campaigns').where('id', id).forUpdate().firstOrFail()
    const row = campaignRow(input)
    await trx
      .from('election_campaigns')
      .where('id', id)
      .update({ ...row, updated_at: trx.raw('now()') })
    const { oldValues, newValues } = changedValues(comparable(before), row)
    await recordAudit(trx, actor, {
      action: 'updated',
      auditableType: 'election_campaigns',
      auditableId: id,
      oldValues,
      newValues,
    })
  })
}

/** A row as read back, dates as `YYYY-MM-DD`, for comparing with the new values. */
export function comparable(row: Record<string, unknown>) {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    out[key] = value instanceof Date ? isoDay(value) : value
  }
  return out
}
