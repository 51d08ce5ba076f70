import vine from '@vinejs/vine'
import tenancy from '#tenancy/services/tenancy'
import {
  fiscalYearFor,
  fiscalYearLabel,
  isFiscalYearLabel,
  fiscalYearStartFromLabel,
} from '#party/calendar/fiscal_year'
import { nepalCalendarDate } from '#party/calendar/bikram_sambat'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import {
  EXPENDITURE_CATEGORIES,
  INCOME_SOURCES,
  PAYMENT_METHODS,
} from '#party/finance/finance_heads'
import type { EntryKind } from '#actions/finance/finance_entries'

export const ENTRIES_PER_PAGE = 50

/** A SQL sum of bigint paisa (numeric text, or null for no rows) as a safe integer. */
export function sumToPaisa(value: unknown): number {
  if (value === null || value === undefined) return 0
  const exact = BigInt(String(value))
  if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`Sum out of range: ${value}`)
  }
  return Number(exact)
}

/** The fiscal year of today in Nepal. */
export function currentFiscalYear(now: Date = new Date()) {
  return fiscalYearFor(nepalCalendarDate(now)).label
}

const filtersValidator = vine.create({
  fiscal_year: vine.string().trim().maxLength(7).optional(),
  head: vine.string().trim().maxLength(40).optional(),
  payment_method: vine.enum(PAYMENT_METHODS).optional(),
  q: vine.string().trim().maxLength(100).optional(),
  /** Keyset cursor: `<date>_<id>` of the last row of the previous page. */
  after: vine
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}_\d{1,10}$/)
    .optional(),
})

export interface EntryFilters {
  fiscal_year: string
  head?: string
  payment_method?: string
  q?: string
  after?: string
}

const SPEC = {
  expenditure: {
    table: 'expenditures',
    date: 'spent_on',
    head: 'category',
    heads: EXPENDITURE_CATEGORIES as readonly string[],
    search: ['payee_name', 'voucher_number', 'description'],
  },
  income: {
    table: 'income_entries',
    date: 'received_on',
    head: 'source',
    heads: INCOME_SOURCES as readonly string[],
    search: ['payer_name', 'reference', 'description'],
  },
} as const

/**
 * Reads the list filters from a query string, dropping what is not valid
 * (it is a search form); the fiscal year defaults to the current one.
 */
export async function parseEntryFilters(
  kind: EntryKind,
  raw: Record<string, unknown>,
  now: Date = new Date()
): Promise<EntryFilters> {
  const filters: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (value === '' || value === null || value === undefined) continue
    const [error, valid] = await filtersValidator.tryValidate({ [key]: value })
    if (!error && key in valid) filters[key] = valid[key as keyof typeof valid]
  }
  const label =
    typeof filters.fiscal_year === 'string' ? fromDevanagariDigits(filters.fiscal_year) : ''
  filters.fiscal_year = isFiscalYearLabel(label)
    ? fiscalYearLabel(fiscalYearStartFromLabel(label))
    : currentFiscalYear(now)
  if (filters.head && !SPEC[kind].heads.includes(filters.head as string)) delete filters.head
  return filters as unknown as EntryFilters
}

function filtered(kind: EntryKind, filters: EntryFilters) {
  const spec = SPEC[kind]
  const query = tenancy.db().from(spec.table).where('fiscal_year', filters.fiscal_year)
  if (filters.head) query.where(spec.head, filters.head)
  if (filters.payment_method) query.where('payment_method', filters.payment_method)
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
    query.where((search) => {
      for (const column of spec.search) search.orWhereILike(column, pattern)
    })
  }
  return query
}

/**
 * One page of entries (newest first, keyset on date and id), the totals by
 * head for the filters, and the cursor of the next page.
 */
export async function listEntries(kind: EntryKind, filters: EntryFilters) {
  const spec = SPEC[kind]
  const page = filtered(kind, filters)
    .select('*', tenancy.db().raw(`to_char(${spec.date}, 'YYYY-MM-DD') as day`))
    .orderBy(spec.date, 'desc')
    .orderBy('id', 'desc')
    .limit(ENTRIES_PER_PAGE + 1)
  if (filters.after) {
    const [day, id] = filters.after.split('_')
    page.whereRaw(`(${spec.date}, id) < (?::date, ?::integer)`, [day, Number(id)])
  }
  const [rows, byHead] = await Promise.all([
    page,
    filtered(kind, { ...filters, after: undefined })
      .groupBy(spec.head)
      .select(spec.head, tenancy.db().raw('sum(amount_paisa)::text as total'))
      .count('* as entries'),
  ])
  const more = rows.length > ENTRIES_PER_PAGE
  const shown = rows.slice(0, ENTRIES_PER_PAGE).map((row) => ({
    ...row,
    amount_paisa: Number(row.amount_paisa),
  }))
  const totals = spec.heads
    .map((head) => {
      const found = byHead.find((row) => row[spec.head] === head)
      return { head, total: sumToPaisa(found?.total), entries: Number(found?.entries ?? 0) }
    })
    .filter((row) => row.entries > 0)
  const last = shown.at(-1)
  return {
    rows: shown,
    totals,
    grandTotal: totals.reduce((sum, row) => sum + row.total, 0),
    entries: totals.reduce((sum, row) => sum + row.entries, 0),
    nextCursor: more && last ? `${last.day}_${last.id}` : null,
  }
}
