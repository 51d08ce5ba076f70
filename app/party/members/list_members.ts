import db from '@adonisjs/lucid/services/db'
import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { tenantContext } from '#tenancy/tenant_context'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import { normalizeNepaliText } from '#party/geography/nepali_text'
import { normalizePan } from '#validators/member'
import {
  compactMemberCountsWhenDue,
  countableFromSummary,
  summaryMemberCount,
} from '#party/members/member_counts'

export const MEMBER_SORTS = ['name', '-name', 'newest', 'oldest'] as const
export type MemberSort = (typeof MEMBER_SORTS)[number]
export const MEMBERS_PER_PAGE = 25

/** The query-string fields that pick a page rather than filter the members. */
export const PAGE_FIELDS = ['after', 'before', 'last'] as const

/**
 * Filters of the members list, read from the query string. Unknown or
 * malformed values are dropped rather than refused: it is a search form.
 */
export const memberFiltersValidator = vine.create({
  q: vine.string().trim().maxLength(100).optional(),
  province_id: vine.number().withoutDecimals().positive().optional(),
  district_id: vine.number().withoutDecimals().positive().optional(),
  local_level_id: vine.number().withoutDecimals().positive().optional(),
  ward_number: vine.number().withoutDecimals().positive().optional(),
  membership_type: vine.enum(['general', 'active', 'honorary']).optional(),
  active: vine.enum(['1', '0']).optional(),
  /** The deleted members instead (for those who may restore them). */
  deleted: vine.enum(['1']).optional(),
  sort: vine.enum(MEMBER_SORTS).optional(),
  /** The page after this cursor (see encodeMemberCursor). */
  after: vine.string().maxLength(1000).optional(),
  /** The page before this cursor. */
  before: vine.string().maxLength(1000).optional(),
  /** The last page. */
  last: vine.enum(['1']).optional(),
})

export type MemberFilters = Infer<typeof memberFiltersValidator>

/**
 * Reads valid filters from a raw query string object, field by field, so
 * one bad value (say `ward_number=abc`) does not throw away the others.
 */
export async function parseMemberFilters(raw: Record<string, unknown>): Promise<MemberFilters> {
  const filters: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (value === '' || value === null || value === undefined) continue
    const [error, valid] = await memberFiltersValidator.tryValidate({ [key]: value })
    if (!error && key in valid) filters[key] = valid[key as keyof typeof valid]
  }
  return filters as MemberFilters
}

function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

/**
 * The members query of the current party for the given filters (members
 * not deleted, or only deleted ones with `deleted`), joined with the names of their places. Search looks for the
 * text anywhere in either name (trigram indexes) and, with Devanagari
 * digits read as ASCII, in membership id, citizenship number and phone.
 */
export function membersQuery(
  filters: MemberFilters,
  connectionName = tenantContext.connectionName('listing members')
) {
  const query = db.connection(connectionName).from('members')
  if (filters.deleted) query.whereNotNull('members.deleted_at')
  else query.whereNull('members.deleted_at')

  if (filters.q) {
    const name = likePattern(normalizeNepaliText(filters.q))
    const code = likePattern(fromDevanagariDigits(filters.q).replace(/\s+/g, ''))
    const pan = normalizePan(filters.q)
    query.where((search) => {
      search
        .whereILike('members.full_name', name)
        .orWhereILike('members.full_name_np', name)
        .orWhereILike('members.membership_id', code)
        .orWhereILike('members.citizenship_number', code)
        .orWhereILike('members.phone', code)
      // A PAN is looked up whole (exact match, btree index), never by part.
      if (/^\d{9}$/.test(pan)) search.orWhere('members.pan_number', pan)
    })
  }
  if (filters.province_id) query.where('members.province_id', filters.province_id)
  if (filters.district_id) query.where('members.district_id', filters.district_id)
  if (filters.local_level_id) query.where('members.local_level_id', filters.local_level_id)
  if (filters.ward_number) query.where('members.ward_number', filters.ward_number)
  if (filters.membership_type) query.where('members.membership_type', filters.membership_type)
  if (filters.active) query.where('members.is_active', filters.active === '1')
  return query
}

export interface MemberListRow {
  id: number
  membership_id: string
  full_name: string
  full_name_np: string | null
  phone: string | null
  ward_number: number
  membership_type: string
  is_active: boolean
  district_name: string
  district_name_np: string
  local_level_name: string
  local_level_name_np: string
}

/**
 * How each order of the list walks its index: the sort column, its
 * direction, the SQL giving the cursor's key of a row (text that compares
 * and casts back exactly: timestamps to the microsecond, in UTC), and the
 * shape a key read from a cursor must have. Every order ends in id, so
 * (key, id) is unique and pages never skip or repeat a member on ties.
 */
const SORTS: Record<
  MemberSort,
  {
    column: string
    direction: 'asc' | 'desc'
    keySql: string
    cast: string
    validKey: (key: string) => boolean
  }
> = (() => {
  const name = {
    column: 'members.full_name',
    keySql: 'members.full_name',
    cast: '?',
    validKey: (key: string) => key.length > 0 && key.length <= 150 && !key.includes('\u0000'),
  }
  const created = {
    column: 'members.created_at',
    keySql: `to_char(members.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    cast: '?::timestamptz',
    validKey: (key: string) => {
      const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/.exec(key)
      if (!match) return false
      const date = new Date(`${match[1]}Z`)
      // Refuses dates that do not exist (2025-02-30) rather than letting them roll over.
      return !Number.isNaN(date.getTime()) && date.toISOString() === `${match[1]}Z`
    },
  }
  return {
    'name': { ...name, direction: 'asc' },
    '-name': { ...name, direction: 'desc' },
    'oldest': { ...created, direction: 'asc' },
    'newest': { ...created, direction: 'desc' },
  }
})()

export interface MemberCursor {
  key: string
  id: number
}

/**
 * The cursor of a row for an order: opaque to the reader (base64url of
 * JSON), naming its order so it is never applied to another one.
 */
export function encodeMemberCursor(sort: MemberSort, row: { sort_key: string; id: number }) {
  return Buffer.from(JSON.stringify([sort, row.sort_key, row.id])).toString('base64url')
}

/**
 * The cursor in `raw` for this order, or null for anything else: not
 * base64url JSON, another order's cursor, a key of the wrong shape, an id
 * that is not a positive 32-bit integer. A bad cursor means the first page.
 */
export function decodeMemberCursor(sort: MemberSort, raw: unknown): MemberCursor | null {
  if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]{1,1000}$/.test(raw)) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null
  const [cursorSort, key, id] = parsed as unknown[]
  if (cursorSort !== sort || typeof key !== 'string' || !SORTS[sort].validKey(key)) return null
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) {
    return null
  }
  return { key, id }
}

/** Which page of the list the filters ask for. */
function pageRequest(filters: MemberFilters) {
  const sort = filters.sort ?? 'newest'
  const after = decodeMemberCursor(sort, filters.after)
  if (after) return { sort, cursor: after, backwards: false, last: false }
  const before = decodeMemberCursor(sort, filters.before)
  if (before) return { sort, cursor: before, backwards: true, last: false }
  if (filters.last) return { sort, cursor: null, backwards: true, last: true }
  return { sort, cursor: null, backwards: false, last: false }
}

/**
 * The query of one page of the members list (keyset pagination): the
 * filtered members with the names of their places, in the chosen order,
 * after (or, walking back, before) the cursor's (key, id). Each order has an
 * index on (key, id) that PostgreSQL walks from the cursor, so page 40,000
 * costs what page 1 does. Fetches one row more than a page, to know
 * whether another page follows; walking back, rows come in reverse order.
 */
export function memberPageQuery(
  filters: MemberFilters,
  connectionName = tenantContext.connectionName('listing members')
) {
  const { sort, cursor, backwards } = pageRequest(filters)
  const spec = SORTS[sort]
  const query = membersQuery(filters, connectionName)
    .join('districts', 'districts.id', 'members.district_id')
    .join('local_levels', 'local_levels.id', 'members.local_level_id')
    .select(
      'members.id',
      'members.membership_id',
      'members.full_name',
      'members.full_name_np',
      'members.phone',
      'members.ward_number',
      'members.membership_type',
      'members.is_active',
      'districts.name as district_name',
      'districts.name_np as district_name_np',
      'local_levels.name as local_level_name',
      'local_levels.name_np as local_level_name_np',
      db.raw(`${spec.keySql} as sort_key`)
    )
  const ascending = (spec.direction === 'asc') !== backwards
  if (cursor) {
    query.whereRaw(`(${spec.column}, members.id) ${ascending ? '>' : '<'} (${spec.cast}, ?)`, [
      cursor.key,
      cursor.id,
    ])
  }
  const direction = ascending ? 'asc' : 'desc'
  return query
    .orderBy(spec.column, direction)
    .orderBy('members.id', direction)
    .limit(MEMBERS_PER_PAGE + 1)
}

/**
 * How many members the filters match: from the counts kept by triggers
 * where the filters allow (the whole register, a province, a type…), else
 * a count over the register's indexes (a search, a ward).
 */
export async function countMembers(
  filters: MemberFilters,
  connectionName = tenantContext.connectionName('counting members')
) {
  if (countableFromSummary(filters)) {
    const client = db.connection(connectionName)
    await compactMemberCountsWhenDue(client)
    return summaryMemberCount(client, filters)
  }
  const [{ total }] = await membersQuery(filters, connectionName).count('* as total')
  return Number(total)
}

/**
 * One page of the members list, the total count for the filters, and the
 * cursors of the neighbouring pages (null where there is none). A cursor
 * with nothing beyond it (its members deleted meanwhile) shows the first
 * page. Reads the current tenant's database unless given a Lucid
 * connection name (the benchmark's bypassed page, BENCH_BYPASS_DATABASE).
 */
export async function listMembers(
  filters: MemberFilters,
  connectionName = tenantContext.connectionName('listing members')
) {
  let request = pageRequest(filters)
  let fetched = (await memberPageQuery(filters, connectionName)) as (MemberListRow & {
    sort_key: string
  })[]
  // Walking back may end on a short page: it is the start, and every member was shown once.
  if (fetched.length === 0 && request.cursor) {
    const firstPage = { ...filters, after: undefined, before: undefined, last: undefined }
    request = pageRequest(firstPage)
    fetched = (await memberPageQuery(firstPage, connectionName)) as typeof fetched
  }
  const total = await countMembers(filters, connectionName)
  const more = fetched.length > MEMBERS_PER_PAGE
  const rows = fetched.slice(0, MEMBERS_PER_PAGE)
  if (request.backwards) rows.reverse()
  const hasPrevious = request.backwards ? more : request.cursor !== null
  const hasNext = request.backwards ? !request.last : more
  return {
    rows,
    total,
    previous: hasPrevious && rows.length ? encodeMemberCursor(request.sort, rows[0]) : null,
    next: hasNext && rows.length ? encodeMemberCursor(request.sort, rows.at(-1)!) : null,
    /** Whether this is not the first page (a link to it is worth showing). */
    isFirst: !hasPrevious,
    isLast: !hasNext,
  }
}
