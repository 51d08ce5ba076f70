import db from '@adonisjs/lucid/services/db'
import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { tenantContext } from '#tenancy/tenant_context'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import { normalizeNepaliText } from '#party/geography/nepali_text'
import { normalizePan } from '#validators/member'

export const MEMBER_SORTS = ['name', '-name', 'newest', 'oldest'] as const
export const MEMBERS_PER_PAGE = 25

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
  page: vine.number().withoutDecimals().positive().max(100_000).optional(),
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
export function membersQuery(filters: MemberFilters) {
  const query = db.connection(tenantContext.connectionName('listing members')).from('members')
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
 * The query of one page of the members list: the filtered members with
 * the names of their places, in the chosen order, offset by page. Each
 * order ends in id (stable pages) and has an index to walk.
 */
export function memberPageQuery(filters: MemberFilters) {
  const page = filters.page ?? 1
  const query = membersQuery(filters)
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
      'local_levels.name_np as local_level_name_np'
    )
  switch (filters.sort ?? 'newest') {
    case 'name':
      query.orderBy('members.full_name', 'asc').orderBy('members.id', 'asc')
      break
    case '-name':
      query.orderBy('members.full_name', 'desc').orderBy('members.id', 'desc')
      break
    case 'oldest':
      query.orderBy('members.created_at', 'asc').orderBy('members.id', 'asc')
      break
    default:
      query.orderBy('members.created_at', 'desc').orderBy('members.id', 'desc')
  }
  return query.limit(MEMBERS_PER_PAGE).offset((page - 1) * MEMBERS_PER_PAGE)
}

/**
 * One page of the members list and the total count, for the filters.
 */
export async function listMembers(filters: MemberFilters) {
  const [[{ total }], rows] = await Promise.all([
    membersQuery(filters).count('* as total'),
    memberPageQuery(filters) as Promise<MemberListRow[]>,
  ])
  const count = Number(total)
  return {
    rows,
    total: count,
    page: filters.page ?? 1,
    lastPage: Math.max(1, Math.ceil(count / MEMBERS_PER_PAGE)),
  }
}
