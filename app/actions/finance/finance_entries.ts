import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import tenancy from '#tenancy/services/tenancy'
import { changedValues, recordAudit, type AuditActor } from '#party/audit/audit_trail'
import { parseRupeesToPaisa } from '#party/donations/donation_amount'
import { resolveReceivedDate } from '#party/donations/received_date'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import { normalizeNepaliText } from '#party/geography/nepali_text'
import {
  EXPENDITURE_CATEGORIES,
  INCOME_SOURCES,
  MAX_ENTRY_PAISA,
  PAYMENT_METHODS,
} from '#party/finance/finance_heads'

/** The two kinds of entry in a party's books (besides donations). */
export type EntryKind = 'expenditure' | 'income'

/** A refusal: a code for `reports.problems.*`, the form field, and its parameters. */
export interface EntryProblem {
  readonly field: string
  readonly code: string
  readonly params?: Record<string, string | number>
}

export type EntryResult =
  | { ok: true; id: number; values: Record<string, unknown> }
  | { ok: false; problems: EntryProblem[] }

/** What a form sends (strings, as typed); unknown keys are ignored. */
export type RawEntry = Record<string, unknown>

interface KindSpec {
  table: 'expenditures' | 'income_entries'
  /** The column the date goes to (`spent_on` / `received_on`; `_bs` beside it). */
  dateColumn: 'spent_on' | 'received_on'
  headColumn: 'category' | 'source'
  heads: readonly string[]
  /** Text fields: column, maximum length, required. */
  texts: ReadonlyArray<readonly [column: string, max: number, required: boolean]>
}

const SPECS: Record<EntryKind, KindSpec> = {
  expenditure: {
    table: 'expenditures',
    dateColumn: 'spent_on',
    headColumn: 'category',
    heads: EXPENDITURE_CATEGORIES,
    texts: [
      ['payee_name', 200, true],
      ['voucher_number', 50, true],
      ['bank_reference', 100, false],
      ['description', 2000, false],
    ],
  },
  income: {
    table: 'income_entries',
    dateColumn: 'received_on',
    headColumn: 'source',
    heads: INCOME_SOURCES,
    texts: [
      ['payer_name', 200, false],
      ['reference', 100, false],
      ['description', 2000, false],
    ],
  },
}

export function entryTable(kind: EntryKind) {
  return SPECS[kind].table
}

/** Control characters other than tab and line breaks (PostgreSQL refuses NUL outright). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const cleaned = normalizeNepaliText(value.replace(/[ \t]+/g, ' '))
  return cleaned === '' ? null : cleaned
}

/**
 * Checks a form for one entry and turns it into column values. Amounts are
 * read with the donation amount rules (Devanagari digits, lakh grouping, at
 * most 2 decimals, positive, at most Rs 100 crore) into integer paisa; the
 * date is BS or AD (`date_calendar`), its fiscal year decided from it, never
 * in the future (Nepal time).
 */
export function checkEntry(kind: EntryKind, raw: RawEntry, now: Date = new Date()) {
  const spec = SPECS[kind]
  const problems: EntryProblem[] = []
  const values: Record<string, unknown> = {}

  const head = raw[spec.headColumn]
  if (typeof head !== 'string' || !spec.heads.includes(head)) {
    problems.push({ field: spec.headColumn, code: `${spec.headColumn}_invalid` })
  } else {
    values[spec.headColumn] = head
  }

  const amount = parseRupeesToPaisa(raw.amount)
  if (!amount.ok) {
    problems.push({
      field: 'amount',
      code: amount.problem,
      ...(amount.problem === 'amount_too_large' ? { params: { max: '1,00,00,00,000' } } : {}),
    })
  } else if (amount.paisa > MAX_ENTRY_PAISA) {
    problems.push({ field: 'amount', code: 'amount_too_large', params: { max: '1,00,00,00,000' } })
  } else {
    values.amount_paisa = amount.paisa
  }

  const method = raw.payment_method
  if (typeof method !== 'string' || !(PAYMENT_METHODS as readonly string[]).includes(method)) {
    problems.push({ field: 'payment_method', code: 'payment_method_invalid' })
  } else {
    values.payment_method = method
  }

  for (const [column, max, required] of spec.texts) {
    const value = raw[column]
    if (typeof value === 'string' && CONTROL.test(value)) {
      problems.push({ field: column, code: 'text_invalid' })
      continue
    }
    const cleaned = text(value)
    if (required && !cleaned) problems.push({ field: column, code: 'required' })
    else if (cleaned && [...cleaned].length > max) {
      problems.push({ field: column, code: 'text_too_long', params: { max } })
    } else values[column] = cleaned
  }

  if (kind === 'expenditure') {
    const pan = text(raw.payee_pan)
    const digits = pan === null ? null : fromDevanagariDigits(pan).replace(/\s+/g, '')
    if (digits !== null && !/^[0-9]{9}$/.test(digits)) {
      problems.push({ field: 'payee_pan', code: 'pan_invalid' })
    } else {
      values.payee_pan = digits
    }
    if ((method === 'cheque' || method === 'bank_transfer') && !values.bank_reference) {
      problems.push({ field: 'bank_reference', code: 'bank_reference_required' })
    }
  }

  const calendar = raw.date_calendar === 'ad' ? 'ad' : 'bs'
  const date = resolveReceivedDate(
    { calendar, date: typeof raw.date === 'string' ? raw.date : '' },
    now
  )
  if (!date.ok) {
    problems.push({ field: 'date', code: date.problem })
  } else {
    values.fiscal_year = date.value.fiscalYear
    values[spec.dateColumn] = date.value.adIso
    values[`${spec.dateColumn}_bs`] = date.value.bsIso
  }

  return problems.length > 0 ? { ok: false as const, problems } : { ok: true as const, values }
}

/**
 * Whether a day (`YYYY-MM-DD` AD) lies in a period whose report has been
 * submitted to or accepted by the Election Commission: filed books are closed.
 */
async function filedReportCovering(trx: TransactionClientContract, day: string) {
  const row = await trx
    .from('financial_reports')
    .whereNot('status', 'draft')
    .where('period_start', '<=', day)
    .where('period_end', '>=', day)
    .select('fiscal_year', 'period')
    .first()
  return row as { fiscal_year: string; period: string } | null
}

const AUDITED_DATE = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : value

function auditedRow(row: Record<string, unknown>) {
  const values: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    if (key !== 'created_at' && key !== 'updated_at') values[key] = AUDITED_DATE(value)
  }
  return values
}

async function locked(trx: TransactionClientContract, days: unknown[]) {
  for (const day of days) {
    if (typeof day !== 'string') continue
    const filed = await filedReportCovering(trx, day)
    if (filed) {
      return {
        ok: false as const,
        problems: [
          {
            field: 'date',
            code: 'period_filed',
            params: { fiscalYear: filed.fiscal_year, period: filed.period },
          },
        ],
      }
    }
  }
  return null
}

function voucherTaken(error: unknown) {
  const { code, constraint } = error as { code?: string; constraint?: string }
  return code === '23505' && constraint === 'expenditures_fiscal_year_voucher_number_unique'
}

const VOUCHER_TAKEN: EntryResult = {
  ok: false,
  problems: [{ field: 'voucher_number', code: 'voucher_taken' }],
}

/** Rows come back from pg with dates as `Date` (read in UTC) and bigint as text. */
async function fetchRow(
  trx: QueryClientContract | TransactionClientContract,
  kind: EntryKind,
  id: number
) {
  const spec = SPECS[kind]
  const row = await trx
    .from(spec.table)
    .where('id', id)
    .select('*', trx.raw(`to_char(${spec.dateColumn}, 'YYYY-MM-DD') as ${spec.dateColumn}`))
    .first()
  if (!row) return null
  return { ...row, amount_paisa: Number(row.amount_paisa) } as Record<string, unknown>
}

/**
 * Records an expenditure or an income entry in the current party, with its
 * audit row in the same transaction. Refused (nothing written) for invalid
 * input, a voucher number already used that fiscal year, or a day inside a
 * period whose report was submitted to the Election Commission.
 */
export async function storeEntry(
  kind: EntryKind,
  raw: RawEntry,
  actor: AuditActor,
  options: { now?: Date } = {}
): Promise<EntryResult> {
  const checked = checkEntry(kind, raw, options.now)
  if (!checked.ok) return checked
  const spec = SPECS[kind]
  try {
    return await tenancy.db().transaction(async (trx) => {
      const refusal = await locked(trx, [checked.values[spec.dateColumn]])
      if (refusal) return refusal
      const [created] = await trx
        .insertQuery()
        .table(spec.table)
        .insert({ ...checked.values, recorded_by: actor.userId })
        .returning('id')
      const row = (await fetchRow(trx, kind, created.id))!
      await recordAudit(trx, actor, {
        action: 'created',
        auditableType: spec.table,
        auditableId: created.id,
        newValues: auditedRow(row),
      })
      return { ok: true as const, id: created.id as number, values: row }
    })
  } catch (error) {
    if (voucherTaken(error)) return VOUCHER_TAKEN
    throw error
  }
}

/**
 * Changes an entry; the audit row holds only what changed. Returns null when
 * the entry does not exist in this party.
 */
export async function updateEntry(
  kind: EntryKind,
  id: number,
  raw: RawEntry,
  actor: AuditActor,
  options: { now?: Date } = {}
): Promise<EntryResult | null> {
  const spec = SPECS[kind]
  const checked = checkEntry(kind, raw, options.now)
  try {
    return await tenancy.db().transaction(async (trx) => {
      const before = await fetchRow(trx, kind, id)
      if (!before) return null
      if (!checked.ok) return checked
      const refusal = await locked(trx, [before[spec.dateColumn], checked.values[spec.dateColumn]])
      if (refusal) return refusal
      await trx
        .from(spec.table)
        .where('id', id)
        .update({ ...checked.values, updated_at: trx.raw('now()') })
      const after = (await fetchRow(trx, kind, id))!
      const { oldValues, newValues } = changedValues(auditedRow(before), auditedRow(after))
      if (Object.keys(newValues).length > 0) {
        await recordAudit(trx, actor, {
          action: 'updated',
          auditableType: spec.table,
          auditableId: id,
          oldValues,
          newValues,
        })
      }
      return { ok: true as const, id, values: after }
    })
  } catch (error) {
    if (voucherTaken(error)) return VOUCHER_TAKEN
    throw error
  }
}

/**
 * Deletes an entry; the audit row keeps everything it held. Returns null when
 * the entry does not exist in this party.
 */
export async function deleteEntry(
  kind: EntryKind,
  id: number,
  actor: AuditActor
): Promise<EntryResult | null> {
  const spec = SPECS[kind]
  return tenancy.db().transaction(async (trx) => {
    const before = await fetchRow(trx, kind, id)
    if (!before) return null
    const refusal = await locked(trx, [before[spec.dateColumn]])
    if (refusal) return refusal
    await trx.from(spec.table).where('id', id).delete()
    await recordAudit(trx, actor, {
      action: 'deleted',
      auditableType: spec.table,
      auditableId: id,
      oldValues: auditedRow(before),
    })
    return { ok: true as const, id, values: before }
  })
}

/** One entry of the current party, or null. */
export function findEntry(kind: EntryKind, id: number) {
  return fetchRow(tenancy.db(), kind, id)
}
