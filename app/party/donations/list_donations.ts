import type { Writable } from 'node:stream'
import { streamQueryAsCsv } from '#support/spreadsheet_cells'
import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import tenancy from '#tenancy/services/tenancy'
import { ALLOWED_DONOR_TYPES } from '#party/donations/donation_rules'
import { decimalToPaisa } from '#party/donations/donation_amount'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'

export const DONATIONS_PER_PAGE = 25

/**
 * Filters of the donations list, read from the query string; a malformed
 * value is dropped, not refused (it is a search form). `after` is the
 * keyset cursor `YYYY-MM-DD.id` of the last row of the previous page.
 */
export const donationFiltersValidator = vine.create({
  fiscal_year: vine
    .string()
    .trim()
    .regex(/^[0-9०-९]{4}\/[0-9०-९]{2}$/)
    .transform((value) => fromDevanagariDigits(value))
    .optional(),
  donor_type: vine.enum(ALLOWED_DONOR_TYPES).optional(),
  flagged: vine.enum(['1']).optional(),
  unverified: vine.enum(['1']).optional(),
  after: vine
    .string()
    .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}\.[0-9]{1,10}$/)
    .optional(),
})

export type DonationFilters = Infer<typeof donationFiltersValidator>

/** Valid filters of a raw query string, field by field. */
export async function parseDonationFilters(raw: Record<string, unknown>): Promise<DonationFilters> {
  const filters: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (value === '' || value === null || value === undefined || typeof value !== 'string') continue
    const [error, valid] = await donationFiltersValidator.tryValidate({ [key]: value })
    if (!error && key in valid) filters[key] = valid[key as keyof typeof valid]
  }
  return filters as DonationFilters
}

/** The donations of the current party matching the filters (no cursor, no order). */
function filtered(filters: DonationFilters) {
  const query = tenancy.db().from('donations')
  if (filters.fiscal_year) query.where('donations.fiscal_year', filters.fiscal_year)
  if (filters.donor_type) query.where('donations.donor_type', filters.donor_type)
  if (filters.flagged) query.where('donations.split_suspected', true)
  if (filters.unverified) query.whereNull('donations.verified_at')
  return query
}

export interface DonationListRow {
  id: number
  receipt_number: string
  fiscal_year: string
  donor_type: string
  donor_name: string
  amount_paisa: number
  payment_method: string
  received_on: string
  received_on_bs: string
  is_above_limit: boolean
  split_suspected: boolean
  /** The donor's cash this fiscal year up to this donation (null when banked). */
  donor_cash_total_paisa: number | null
  verified_at: Date | null
}

/**
 * The query of one page of donations: newest received first, keyset
 * pagination on (received_on, id) so page 4,000 costs what page 1 does
 * (indexes of template migration 0050). One row more than a page, to know
 * whether there is a next one.
 */
export function donationPageQuery(filters: DonationFilters) {
  const page = filtered(filters)
  if (filters.after) {
    const [day, id] = filters.after.split('.')
    page.whereRaw('(donations.received_on, donations.id) < (?::date, ?::integer)', [day, id])
  }
  return page
    .orderBy([
      { column: 'donations.received_on', order: 'desc' },
      { column: 'donations.id', order: 'desc' },
    ])
    .limit(DONATIONS_PER_PAGE + 1)
    .select(
      'id',
      'receipt_number',
      'fiscal_year',
      'donor_type',
      'donor_name',
      'amount',
      'payment_method',
      tenancy.db().raw(`to_char(received_on, 'YYYY-MM-DD') as received_on`),
      'received_on_bs',
      'is_above_limit',
      'split_suspected',
      'donor_cash_total',
      'verified_at'
    )
}

/** One page of donations and the count and total of the whole filter. */
export async function listDonations(filters: DonationFilters) {
  const rows = await donationPageQuery(filters)
  const totals = await filtered(filters)
    .select(
      tenancy.db().raw('count(*)::int as count'),
      tenancy.db().raw('coalesce(sum(amount), 0)::text as amount')
    )
    .first()
  const hasMore = rows.length > DONATIONS_PER_PAGE
  const donations: DonationListRow[] = rows
    .slice(0, DONATIONS_PER_PAGE)
    .map(({ amount, donor_cash_total: cashTotal, ...row }) => ({
      ...row,
      amount_paisa: decimalToPaisa(amount),
      donor_cash_total_paisa: cashTotal === null ? null : decimalToPaisa(cashTotal),
    }))
  const last = donations.at(-1)
  return {
    donations,
    count: Number(totals?.count ?? 0),
    totalPaisa: decimalToPaisa(totals?.amount ?? '0'),
    next: hasMore && last ? `${last.received_on}.${last.id}` : null,
  }
}

/** Columns of the CSV export, in order; the header row uses these names. */
export const DONATION_EXPORT_COLUMNS = [
  'receipt_number',
  'fiscal_year',
  'received_on_bs',
  'received_on',
  'donor_type',
  'donor_name',
  'donor_citizenship_number',
  'donor_pan',
  'donor_address',
  'amount',
  'currency',
  'payment_method',
  'bank_reference',
  'purpose',
  'is_above_limit',
  'split_suspected',
  'donor_cash_total',
  'verified',
  'verified_at',
] as const

/**
 * Streams the donations matching the filters as CSV (UTF-8 with a BOM) into
 * `output`, straight from a database cursor. Amounts are written as the
 * database holds them (`25000.50`), never through a float.
 * Resolves with the number of rows written.
 */
export async function exportDonationsCsv(
  filters: DonationFilters,
  output: Writable,
  options: { end?: boolean } = {}
) {
  const client = tenancy.db()
  const query = filtered({ ...filters, after: undefined })
    .select(
      'receipt_number',
      'fiscal_year',
      'received_on_bs',
      client.raw(`to_char(received_on, 'YYYY-MM-DD') as received_on`),
      'donor_type',
      'donor_name',
      'donor_citizenship_number',
      'donor_pan',
      'donor_address',
      client.raw('amount::text as amount'),
      client.raw(`'NPR' as currency`),
      'payment_method',
      'bank_reference',
      'purpose',
      'is_above_limit',
      'split_suspected',
      client.raw('donor_cash_total::text as donor_cash_total'),
      client.raw('verified_at is not null as verified'),
      client.raw(
        `to_char(verified_at at time zone 'Asia/Kathmandu', 'YYYY-MM-DD"T"HH24:MI') as verified_at`
      )
    )
    .orderBy([
      { column: 'received_on', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])
  return streamQueryAsCsv(query, DONATION_EXPORT_COLUMNS, output, options)
}
