import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import tenancy from '#tenancy/services/tenancy'
import { changedValues, recordAudit, type AuditActor } from '#party/audit/audit_trail'
import { paisaToDecimal } from '#party/donations/donation_amount'
import { resolveReceivedDate } from '#party/donations/received_date'
import { formatIsoLike, nepalCalendarDate } from '#party/calendar/bikram_sambat'
import {
  EXPENDITURE_CATEGORIES,
  INCOME_SOURCES,
  REPORT_INCOME_HEADS,
} from '#party/finance/finance_heads'
import { resolvePeriod, type ReportPeriod, type ResolvedPeriod } from '#party/finance/report_period'
import { sumToPaisa } from '#party/finance/list_entries'

/** Donor types the forms list as individuals; every other allowed type is an institution. */
const INDIVIDUAL_DONOR_TYPES = ['individual']

export interface ReportDonor {
  kind: 'individual' | 'institutional'
  donorType: string
  name: string
  pan: string | null
  citizenshipNumber: string | null
  address: string | null
  amountPaisa: number
  receiptNumber: string
  receivedOn: string
  receivedOnBs: string
  paymentMethod: string
  purpose: string | null
}

/** The computed content of a report, stored in `financial_reports.breakdown`. */
export interface ReportBreakdown {
  version: 1
  /** Paisa per income head (REPORT_INCOME_HEADS), donations included. */
  income: Record<string, number>
  /** Paisa per expenditure category. */
  expenditure: Record<string, number>
  donations: { individualPaisa: number; institutionalPaisa: number; count: number }
  /**
   * Renewal fees recorded in the membership module's register (included in
   * `income.membership_fees`); null when the party has no membership module.
   */
  membershipRegisterPaisa?: number | null
  entries: { income: number; expenditure: number }
  donors: ReportDonor[]
}

export interface ReportFigures {
  period: ResolvedPeriod
  openingPaisa: number
  totalIncomePaisa: number
  totalDonationsPaisa: number
  totalExpenditurePaisa: number
  closingPaisa: number
  breakdown: ReportBreakdown
}

export type ReportProblem = { code: string; params?: Record<string, string | number> }
export type ReportResult =
  { ok: true; id: number; created: boolean } | { ok: false; problem: ReportProblem }

const toSafe = (value: bigint) => sumToPaisa(value.toString())

/** Paisa of a donation's numeric(14,2) rupees, exactly, in SQL. */
const DONATION_PAISA = '(amount * 100)::bigint'

/**
 * Renewal fees in the optional membership module's register, exactly: within
 * the period and before it (for the opening balance); null without the
 * module. Its amount column predates the NaN checks, so a NaN fee stops the
 * report with a clear error instead of being skipped.
 */
async function membershipRegister(client: TransactionClientContract, period: ResolvedPeriod) {
  const exists = await client.rawQuery(
    `select to_regclass('membership_renewals') is not null as found`
  )
  if (!exists.rows[0].found) return null
  const sum = (condition: string) =>
    `coalesce(sum((amount_paid * 100)::bigint) filter (where ${condition} and amount_paid <> 'NaN'::numeric), 0)::text`
  const row = await client
    .from('membership_renewals')
    .where('renewed_on', '<=', period.endAd)
    .select(
      client.raw(`count(*) filter (where amount_paid = 'NaN'::numeric)::int as nan`),
      client.raw(`${sum('renewed_on >= ?')} as within`, [period.startAd]),
      client.raw(`${sum('renewed_on < ?')} as before`, [period.startAd])
    )
    .first()
  if (row.nan > 0) throw new MembershipRegisterNaN(row.nan)
  return { within: BigInt(row.within), before: BigInt(row.before) }
}

/** The membership register holds NaN fees in the period: they must be corrected first. */
export class MembershipRegisterNaN extends Error {
  constructor(readonly rows: number) {
    super(`membership_renewals: ${rows} fee(s) in the period are NaN`)
  }
}

async function donationsHavePurpose(client: TransactionClientContract) {
  const result = await client.rawQuery(
    `select 1 from information_schema.columns
      where table_schema = current_schema() and table_name = 'donations' and column_name = 'purpose'`
  )
  return result.rows.length > 0
}

/**
 * Adds up the party's books for a period, exactly (bigint paisa summed in
 * PostgreSQL, combined as BigInt): income by s.37 head (donations from the
 * `donations` table), expenditure by category, the donor list, and the
 * opening balance = everything received minus everything spent before the
 * period starts, so a period's opening is always the previous one's closing.
 */
export async function computeReport(
  client: TransactionClientContract,
  period: ResolvedPeriod
): Promise<ReportFigures> {
  const { startAd, endAd } = period
  const within: [string, string] = [startAd, endAd]
  const register = await membershipRegister(client, period)
  // One after another: these run on the report's transaction, one connection that runs one query at a time.
  const incomeRows = await client
    .from('income_entries')
    .whereBetween('received_on', within)
    .groupBy('source')
    .select('source', client.raw('sum(amount_paisa)::text as total'))
    .count('* as entries')
  const expenditureRows = await client
    .from('expenditures')
    .whereBetween('spent_on', within)
    .groupBy('category')
    .select('category', client.raw('sum(amount_paisa)::text as total'))
    .count('* as entries')
  const donationTotals = await client
    .from('donations')
    .whereBetween('received_on', within)
    .select(
      client.raw(
        `coalesce(sum(${DONATION_PAISA}) filter (where donor_type in (${INDIVIDUAL_DONOR_TYPES.map(() => '?').join(', ')})), 0)::text as individual`,
        INDIVIDUAL_DONOR_TYPES
      ),
      client.raw(
        `coalesce(sum(${DONATION_PAISA}) filter (where donor_type not in (${INDIVIDUAL_DONOR_TYPES.map(() => '?').join(', ')})), 0)::text as institutional`,
        INDIVIDUAL_DONOR_TYPES
      ),
      client.raw('count(*)::int as count')
    )
    .first()
  const opening = await client.rawQuery(
    `select (
          (select coalesce(sum(amount_paisa), 0) from income_entries where received_on < ?)
        + (select coalesce(sum(${DONATION_PAISA}), 0) from donations where received_on < ?)
        - (select coalesce(sum(amount_paisa), 0) from expenditures where spent_on < ?)
        )::text as opening`,
    [startAd, startAd, startAd]
  )
  const donorRows = await (async () => {
    const purpose = await donationsHavePurpose(client)
    return client
      .from('donations')
      .whereBetween('received_on', within)
      .orderBy('received_on')
      .orderBy('id')
      .select(
        'donor_type',
        'donor_name',
        'donor_pan',
        'donor_citizenship_number',
        'donor_address',
        client.raw(`${DONATION_PAISA}::text as paisa`),
        'receipt_number',
        client.raw(`to_char(received_on, 'YYYY-MM-DD') as received_on`),
        'received_on_bs',
        'payment_method',
        client.raw(purpose ? 'purpose' : 'null::text as purpose')
      )
  })()

  const income: Record<string, number> = {}
  for (const head of REPORT_INCOME_HEADS) income[head] = 0
  let incomeEntries = 0
  for (const row of incomeRows) {
    income[row.source] = sumToPaisa(row.total)
    incomeEntries += Number(row.entries)
  }
  if (register !== null) {
    income.membership_fees = toSafe(BigInt(income.membership_fees) + register.within)
  }
  const individualPaisa = sumToPaisa(donationTotals?.individual)
  const institutionalPaisa = sumToPaisa(donationTotals?.institutional)
  const donationsPaisa = BigInt(individualPaisa) + BigInt(institutionalPaisa)
  income.donations = toSafe(donationsPaisa)

  const expenditure: Record<string, number> = {}
  for (const category of EXPENDITURE_CATEGORIES) expenditure[category] = 0
  let expenditureEntries = 0
  for (const row of expenditureRows) {
    expenditure[row.category] = sumToPaisa(row.total)
    expenditureEntries += Number(row.entries)
  }

  const totalIncome =
    INCOME_SOURCES.reduce((sum, source) => sum + BigInt(income[source]), 0n) + donationsPaisa
  const totalExpenditure = EXPENDITURE_CATEGORIES.reduce(
    (sum, category) => sum + BigInt(expenditure[category]),
    0n
  )
  const openingPaisa = BigInt(String(opening.rows[0].opening)) + (register?.before ?? 0n)

  return {
    period,
    openingPaisa: toSafe(openingPaisa),
    totalIncomePaisa: toSafe(totalIncome),
    totalDonationsPaisa: toSafe(donationsPaisa),
    totalExpenditurePaisa: toSafe(totalExpenditure),
    closingPaisa: toSafe(openingPaisa + totalIncome - totalExpenditure),
    breakdown: {
      version: 1,
      income,
      expenditure,
      donations: { individualPaisa, institutionalPaisa, count: Number(donationTotals?.count ?? 0) },
      membershipRegisterPaisa: register === null ? null : toSafe(register.within),
      entries: { income: incomeEntries, expenditure: expenditureEntries },
      donors: donorRows.map((row) => ({
        kind: INDIVIDUAL_DONOR_TYPES.includes(row.donor_type) ? 'individual' : 'institutional',
        donorType: row.donor_type,
        name: row.donor_name,
        pan: row.donor_pan,
        citizenshipNumber: row.donor_citizenship_number,
        address: row.donor_address,
        amountPaisa: sumToPaisa(row.paisa),
        receiptNumber: row.receipt_number,
        receivedOn: row.received_on,
        receivedOnBs: row.received_on_bs,
        paymentMethod: row.payment_method,
        purpose: row.purpose ?? null,
      })),
    },
  }
}

function columnsOf(figures: ReportFigures) {
  return {
    fiscal_year: figures.period.fiscalYear,
    report_type: figures.period.reportType,
    period: figures.period.period,
    period_start: figures.period.startAd,
    period_end: figures.period.endAd,
    total_income: paisaToDecimal(figures.totalIncomePaisa),
    total_donations: paisaToDecimal(figures.totalDonationsPaisa),
    total_expenditure: paisaToDecimal(figures.totalExpenditurePaisa),
    opening_balance_paisa: figures.openingPaisa,
    closing_balance_paisa: figures.closingPaisa,
  }
}

/** Figures as the audit log records them (the donor list is not repeated there). */
function auditedFigures(row: Record<string, unknown>) {
  const breakdown = row.breakdown as ReportBreakdown | undefined
  return {
    fiscal_year: row.fiscal_year,
    period: row.period,
    status: row.status,
    total_income: row.total_income,
    total_donations: row.total_donations,
    total_expenditure: row.total_expenditure,
    opening_balance_paisa: Number(row.opening_balance_paisa),
    closing_balance_paisa: Number(row.closing_balance_paisa),
    income: breakdown?.income ?? null,
    expenditure: breakdown?.expenditure ?? null,
  }
}

/**
 * Generates the report of a fiscal year (`annual`) or quarter from the
 * party's books and saves it as the `financial_reports` row of that period:
 * created the first time, recomputed in place while it is a draft (so
 * generating twice gives one row with the same figures). A report submitted
 * to the Election Commission is never regenerated. Audited.
 */
export async function generateFinancialReport(
  fiscalYear: string,
  period: ReportPeriod,
  actor: AuditActor,
  options: { now?: Date } = {}
): Promise<ReportResult> {
  let resolved: ResolvedPeriod
  try {
    resolved = resolvePeriod(fiscalYear, period)
  } catch {
    return { ok: false, problem: { code: 'period_invalid' } }
  }
  const today = formatIsoLike(nepalCalendarDate(options.now ?? new Date()))
  if (resolved.startAd > today) return { ok: false, problem: { code: 'period_in_future' } }

  try {
    return await saveReport(resolved, actor)
  } catch (error) {
    if (!(error instanceof MembershipRegisterNaN)) throw error
    return { ok: false, problem: { code: 'membership_register_nan', params: { rows: error.rows } } }
  }
}

async function saveReport(resolved: ResolvedPeriod, actor: AuditActor): Promise<ReportResult> {
  return tenancy.db().transaction(async (trx): Promise<ReportResult> => {
    const key = {
      fiscal_year: resolved.fiscalYear,
      report_type: resolved.reportType,
      period: resolved.period,
    }
    const inserted = await trx.rawQuery(
      `insert into financial_reports (fiscal_year, report_type, period) values (?, ?, ?)
         on conflict (fiscal_year, report_type, period) do nothing returning id`,
      [key.fiscal_year, key.report_type, key.period]
    )
    const created = inserted.rows.length > 0
    const before = await trx.from('financial_reports').where(key).forUpdate().firstOrFail()
    if (before.status !== 'draft') {
      return {
        ok: false as const,
        problem: { code: 'report_filed', params: { status: before.status } },
      }
    }
    // Everything the sums read is in this snapshot: no entry committed half-way is counted.
    const figures = await computeReport(trx, resolved)
    await trx
      .from('financial_reports')
      .where('id', before.id)
      .update({
        ...columnsOf(figures),
        breakdown: JSON.stringify(figures.breakdown),
        generated_at: trx.raw('now()'),
        generated_by: actor.userId,
        updated_at: trx.raw('now()'),
      })
    const after = await trx.from('financial_reports').where('id', before.id).firstOrFail()
    if (created) {
      await recordAudit(trx, actor, {
        action: 'created',
        auditableType: 'financial_reports',
        auditableId: before.id,
        newValues: auditedFigures(after),
      })
    } else {
      const { oldValues, newValues } = changedValues(auditedFigures(before), auditedFigures(after))
      await recordAudit(trx, actor, {
        action: 'updated',
        auditableType: 'financial_reports',
        auditableId: before.id,
        oldValues: { ...oldValues, generated_at: before.generated_at },
        newValues: { ...newValues, generated_at: after.generated_at },
      })
    }
    return { ok: true as const, id: before.id as number, created }
  })
}

export const SUBMISSION_STEPS = { submit: 'submitted', accept: 'accepted' } as const
export type SubmissionStep = keyof typeof SUBMISSION_STEPS

/** Which status a step requires the report to be in. */
const REQUIRES: Record<SubmissionStep, string> = { submit: 'draft', accept: 'submitted' }

/**
 * Moves a report forward in its Election Commission submission:
 * draft → submitted (with the Commission's submission id or reference and
 * the day it was submitted) → accepted (the day it was accepted). Never
 * backwards, never skipping a step; the database trigger refuses the same.
 * Returns null when the report does not exist in this party.
 */
export async function advanceSubmission(
  id: number,
  step: SubmissionStep,
  input: { reference?: unknown; date?: unknown; calendar?: unknown },
  actor: AuditActor,
  options: { now?: Date } = {}
): Promise<{ ok: true } | { ok: false; problems: Array<{ field: string; code: string }> } | null> {
  const problems: Array<{ field: string; code: string }> = []
  const reference =
    typeof input.reference === 'string' ? input.reference.trim().replace(/\s+/g, ' ') : ''
  if (step === 'submit' && reference === '') problems.push({ field: 'reference', code: 'required' })
  // eslint-disable-next-line no-control-regex
  if (reference.length > 100 || /[\u0000-\u001F\u007F]/.test(reference)) {
    problems.push({ field: 'reference', code: 'text_invalid' })
  }
  const date = resolveReceivedDate(
    {
      calendar: input.calendar === 'ad' ? 'ad' : 'bs',
      date: typeof input.date === 'string' ? input.date : '',
    },
    options.now
  )
  if (!date.ok) problems.push({ field: 'date', code: date.problem })

  return tenancy.db().transaction(async (trx) => {
    const before = await trx.from('financial_reports').where('id', id).forUpdate().first()
    if (!before) return null
    if (before.status !== REQUIRES[step]) {
      return {
        ok: false as const,
        problems: [{ field: 'status', code: `cannot_${step}_${before.status}` }],
      }
    }
    if (problems.length > 0 || !date.ok) return { ok: false as const, problems }
    // Noon in Nepal of the day given, so the stored instant reads back as that day.
    const at = `${date.value.adIso}T12:00:00+05:45`
    const changes =
      step === 'submit'
        ? { status: 'submitted', submitted_to_ec_at: at, ec_reference_number: reference }
        : {
            status: 'accepted',
            accepted_at: at,
            ...(reference ? { ec_reference_number: reference } : {}),
          }
    await trx
      .from('financial_reports')
      .where('id', id)
      .update({ ...changes, updated_at: trx.raw('now()') })
    const after = await trx.from('financial_reports').where('id', id).firstOrFail()
    const pick = (row: Record<string, unknown>) => ({
      status: row.status,
      submitted_to_ec_at: row.submitted_to_ec_at,
      accepted_at: row.accepted_at,
      ec_reference_number: row.ec_reference_number,
    })
    const { oldValues, newValues } = changedValues(pick(before), pick(after))
    await recordAudit(trx, actor, {
      action: 'updated',
      auditableType: 'financial_reports',
      auditableId: id,
      oldValues,
      newValues,
    })
    return { ok: true as const }
  })
}

/**
 * Deletes a draft report (a submitted one is part of the record). Returns
 * null when it does not exist, false when it is not a draft.
 */
export async function deleteDraftReport(id: number, actor: AuditActor) {
  return tenancy.db().transaction(async (trx) => {
    const before = await trx.from('financial_reports').where('id', id).forUpdate().first()
    if (!before) return null
    if (before.status !== 'draft') return false
    await trx.from('financial_reports').where('id', id).delete()
    await recordAudit(trx, actor, {
      action: 'deleted',
      auditableType: 'financial_reports',
      auditableId: id,
      oldValues: auditedFigures(before),
    })
    return true
  })
}
