/**
 * The five committee levels of the template (central → provincial →
 * district → local level → ward): their tables, the column naming the
 * parent committee and the column naming the place each one covers.
 */
export const COMMITTEE_TYPES = ['central', 'provincial', 'district', 'local_level', 'ward'] as const

export type CommitteeType = (typeof COMMITTEE_TYPES)[number]

export interface CommitteeLevel {
  type: CommitteeType
  table: string
  parentType: CommitteeType | null
  parentColumn: string | null
  childType: CommitteeType | null
  /** Column of the place the committee covers (a province, district, local level or ward). */
  placeColumn: string | null
  /** Table that place column points to; wards are numbers, not rows. */
  placeTable: 'provinces' | 'districts' | 'local_levels' | null
}

export const COMMITTEE_LEVELS: Record<CommitteeType, CommitteeLevel> = {
  central: {
    type: 'central',
    table: 'central_committees',
    parentType: null,
    parentColumn: null,
    childType: 'provincial',
    placeColumn: null,
    placeTable: null,
  },
  provincial: {
    type: 'provincial',
    table: 'provincial_committees',
    parentType: 'central',
    parentColumn: 'central_committee_id',
    childType: 'district',
    placeColumn: 'province_id',
    placeTable: 'provinces',
  },
  district: {
    type: 'district',
    table: 'district_committees',
    parentType: 'provincial',
    parentColumn: 'provincial_committee_id',
    childType: 'local_level',
    placeColumn: 'district_id',
    placeTable: 'districts',
  },
  local_level: {
    type: 'local_level',
    table: 'local_level_committees',
    parentType: 'district',
    parentColumn: 'district_committee_id',
    childType: 'ward',
    placeColumn: 'local_level_id',
    placeTable: 'local_levels',
  },
  ward: {
    type: 'ward',
    table: 'ward_committees',
    parentType: 'local_level',
    parentColumn: 'local_level_committee_id',
    childType: null,
    placeColumn: 'ward_number',
    placeTable: null,
  },
}

/** Positions on a committee, in order of rank (the `committee_members.position` enum). */
export const COMMITTEE_POSITIONS = [
  'chairperson',
  'senior_vice_chairperson',
  'vice_chairperson',
  'general_secretary',
  'deputy_general_secretary',
  'secretary',
  'joint_secretary',
  'treasurer',
  'spokesperson',
  'coordinator',
  'member',
  'alternate_member',
] as const

export type CommitteePosition = (typeof COMMITTEE_POSITIONS)[number]

/** Largest value of a PostgreSQL `integer`: ids beyond it cannot exist. */
export const MAX_ID = 2_147_483_647

export function isCommitteeType(value: unknown): value is CommitteeType {
  return typeof value === 'string' && (COMMITTEE_TYPES as readonly string[]).includes(value)
}

/** A row id from a URL or form (`'12'`), or null for anything that cannot be one. */
export function parseId(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : value
  if (typeof text !== 'string' || !/^[1-9][0-9]{0,9}$/.test(text)) return null
  const id = Number(text)
  return id <= MAX_ID ? id : null
}

/** `district:12` (the `parent` query parameter) as a type and id, or null. */
export function parseCommitteeRef(value: unknown) {
  if (typeof value !== 'string') return null
  const [type, id, ...rest] = value.split(':')
  const parsed = parseId(id)
  if (rest.length || !isCommitteeType(type) || parsed === null) return null
  return { type, id: parsed }
}

/** SQL ordering of positions by rank. */
export function positionRankSql(column: string) {
  return `array_position(array[${COMMITTEE_POSITIONS.map((p) => `'${p}'`).join(',')}]::text[], ${column}::text)`
}
