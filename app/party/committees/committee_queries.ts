import db from '@adonisjs/lucid/services/db'
import { errors as lucidErrors } from '@adonisjs/lucid'
import { tenantContext } from '#tenancy/tenant_context'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import {
  COMMITTEE_LEVELS,
  COMMITTEE_TYPES,
  positionRankSql,
  type CommitteePosition,
  type CommitteeType,
} from '#party/committees/committee_levels'

const client = (purpose = 'reading committees') =>
  db.connection(tenantContext.connectionName(purpose))

/** A committee as the pages show it. */
export interface Committee {
  type: CommitteeType
  id: number
  name: string
  nameNp: string | null
  termStart: string | null
  termEnd: string | null
  isActive: boolean
  parentId: number | null
  /** Province, district or local level id; the ward number for a ward committee. */
  placeId: number | null
  /** The place's name in the reader's language (ward committees: the ward and its local level). */
  placeName: string | null
  /** Local level (and ward) committees: the kind of local level, e.g. `metropolitan`. */
  placeType: string | null
  /** Local level committees: how many wards the local level has. */
  wardCount: number | null
  /** Ward committees: the local level the ward is in. */
  localLevelName: string | null
}

const DATE = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`

function nameColumn(locale: string) {
  return locale === 'ne' ? 'name_np' : 'name'
}

/** The not-found error the exception handler turns into a 404 page. */
export function notFound(): never {
  throw new lucidErrors.E_ROW_NOT_FOUND()
}

/**
 * One committee of the current party with its place, or a 404.
 */
export async function findCommittee(
  type: CommitteeType,
  id: number,
  locale: string
): Promise<Committee> {
  const level = COMMITTEE_LEVELS[type]
  const name = nameColumn(locale)
  const query = client()
    .from(`${level.table} as c`)
    .where('c.id', id)
    .select(
      'c.id',
      'c.name',
      'c.name_np',
      'c.is_active',
      client().raw(`${DATE('c.term_start')} as term_start`),
      client().raw(`${DATE('c.term_end')} as term_end`)
    )
  if (level.parentColumn) query.select(`c.${level.parentColumn} as parent_id`)
  if (level.placeColumn) query.select(`c.${level.placeColumn} as place_id`)
  if (level.placeTable) {
    query
      .leftJoin(`${level.placeTable} as place`, 'place.id', `c.${level.placeColumn}`)
      .select(`place.${name} as place_name`)
    if (type === 'local_level') query.select('place.ward_count', 'place.type as place_type')
  }
  if (type === 'ward') {
    query
      .join('local_level_committees as llc', 'llc.id', 'c.local_level_committee_id')
      .join('local_levels as ll', 'll.id', 'llc.local_level_id')
      .select(`ll.${name} as local_level_name`, 'll.type as place_type')
  }
  const row = await query.first()
  if (!row) notFound()
  return {
    type,
    id: row.id,
    name: row.name,
    nameNp: row.name_np,
    termStart: row.term_start,
    termEnd: row.term_end,
    isActive: row.is_active,
    parentId: row.parent_id ?? null,
    placeId: row.place_id ?? null,
    placeName: row.place_name ?? null,
    placeType: row.place_type ?? null,
    wardCount: row.ward_count ?? null,
    localLevelName: row.local_level_name ?? null,
  }
}

/** The committees above this one, from the central committee down to its parent. */
export async function ancestorsOf(committee: Committee, locale: string) {
  const chain: Committee[] = []
  let current = committee
  while (current.parentId !== null) {
    const parentType = COMMITTEE_LEVELS[current.type].parentType!
    current = await findCommittee(parentType, current.parentId, locale)
    chain.unshift(current)
  }
  return chain
}

/** A committee in a list: its place, seats filled and active committees below it. */
export interface CommitteeRow {
  type: CommitteeType
  id: number
  name: string
  nameNp: string | null
  isActive: boolean
  placeName: string | null
  placeId: number | null
  placeType: string | null
  termStart: string | null
  termEnd: string | null
  seats: number
  children: number
}

/**
 * Committees of one level: the central committees (no parent), or the
 * committees directly under a parent; active ones first. One query with
 * counted subqueries, so a level of any size is read in one round trip.
 */
export async function committeesUnder(
  type: CommitteeType,
  parentId: number | null,
  locale: string
): Promise<CommitteeRow[]> {
  const level = COMMITTEE_LEVELS[type]
  const name = nameColumn(locale)
  const knex = client()
  const query = knex
    .from(`${level.table} as c`)
    .select(
      'c.id',
      'c.name',
      'c.name_np',
      'c.is_active',
      knex.raw(`${DATE('c.term_start')} as term_start`),
      knex.raw(`${DATE('c.term_end')} as term_end`),
      knex.raw(
        `(select count(*)::int from committee_members cm
           where cm.committee_type = ? and cm.committee_id = c.id
             and (cm.to_date is null or cm.to_date >= current_date)) as seats`,
        [type]
      )
    )
    .orderBy('c.is_active', 'desc')
  if (level.childType) {
    const child = COMMITTEE_LEVELS[level.childType]
    query.select(
      knex.raw(
        `(select count(*)::int from ${child.table} k
           where k.${child.parentColumn} = c.id and k.is_active) as children`
      )
    )
  }
  if (level.parentColumn) query.where(`c.${level.parentColumn}`, parentId ?? 0)
  if (level.placeTable) {
    query
      .leftJoin(`${level.placeTable} as place`, 'place.id', `c.${level.placeColumn}`)
      .select(`place.${name} as place_name`, 'place.id as place_id')
      // Provinces in their official order, the others by name.
      .orderBy(level.placeTable === 'provinces' ? 'place.id' : `place.${name}`)
    if (type === 'local_level') query.select('place.type as place_type')
  } else if (type === 'ward') {
    query.select('c.ward_number as place_id').orderBy('c.ward_number')
  }
  query.orderBy('c.id', 'desc')
  const rows = await query
  return rows.map((row) => ({
    type,
    id: row.id,
    name: row.name,
    nameNp: row.name_np,
    isActive: row.is_active,
    placeName: row.place_name ?? null,
    placeId: row.place_id ?? null,
    placeType: row.place_type ?? null,
    termStart: row.term_start,
    termEnd: row.term_end,
    seats: row.seats,
    children: row.children ?? 0,
  }))
}

export interface Place {
  id: number
  name: string
  /** Local levels: their kind, e.g. `metropolitan`. */
  type?: string
}

/**
 * The places a new committee under `parent` may cover: the provinces for a
 * provincial committee, the districts of the parent's province, the local
 * levels of its district, the wards of its local level. Each is marked
 * `taken` when an active committee already covers it.
 */
export async function placesUnder(
  parent: Committee | null,
  locale: string
): Promise<(Place & { taken: boolean })[]> {
  const name = nameColumn(locale)
  const knex = client()
  const taken = (table: string, column: string) =>
    knex.raw(`exists (select 1 from ${table} t where t.${column} = p.id and t.is_active) as taken`)
  if (!parent) {
    return knex
      .from('provinces as p')
      .select('p.id', `p.${name} as name`, taken('provincial_committees', 'province_id'))
      .orderBy('p.id')
  }
  switch (parent.type) {
    case 'central':
      return knex
        .from('provinces as p')
        .select('p.id', `p.${name} as name`, taken('provincial_committees', 'province_id'))
        .orderBy('p.id')
    case 'provincial':
      return knex
        .from('districts as p')
        .where('p.province_id', parent.placeId!)
        .select('p.id', `p.${name} as name`, taken('district_committees', 'district_id'))
        .orderBy(`p.${name}`)
    case 'district':
      return knex
        .from('local_levels as p')
        .where('p.district_id', parent.placeId!)
        .select(
          'p.id',
          `p.${name} as name`,
          'p.type',
          taken('local_level_committees', 'local_level_id')
        )
        .orderBy(`p.${name}`)
    case 'local_level': {
      const active = await knex
        .from('ward_committees')
        .where({ local_level_committee_id: parent.id, is_active: true })
        .select('ward_number')
      const busy = new Set(active.map((row) => row.ward_number))
      return Array.from({ length: parent.wardCount ?? 0 }, (_, index) => ({
        id: index + 1,
        name: String(index + 1),
        taken: busy.has(index + 1),
      }))
    }
    default:
      return []
  }
}

/** The places under a committee that no active committee covers yet. */
export async function vacantPlacesUnder(parent: Committee, locale: string) {
  const places = await placesUnder(parent, locale)
  return places.filter((place) => !place.taken)
}

/** A seat on a committee: who, which position, from when to when. */
export interface Seat {
  id: number
  memberId: number
  membershipId: string
  fullName: string
  fullNameNp: string | null
  /** The member was deleted from the register since (the seat stays for the record). */
  memberDeleted: boolean
  position: CommitteePosition
  fromDate: string
  toDate: string | null
  current: boolean
}

/** Past seats shown per page of a committee (its history can span decades). */
export const PAST_SEATS_PER_PAGE = 25

const CURRENT_SEAT_SQL = '(cm.to_date is null or cm.to_date >= current_date)'

/** The seats of a committee, current or past, by rank of position, then latest first. */
function seatsQuery(committee: Pick<Committee, 'type' | 'id'>, current: boolean) {
  const knex = client()
  return knex
    .from('committee_members as cm')
    .join('members as m', 'm.id', 'cm.member_id')
    .where({ 'cm.committee_type': committee.type, 'cm.committee_id': committee.id })
    .whereRaw(current ? CURRENT_SEAT_SQL : `not ${CURRENT_SEAT_SQL}`)
    .select(
      'cm.id',
      'cm.member_id',
      'cm.position',
      'm.membership_id',
      'm.full_name',
      'm.full_name_np',
      knex.raw('m.deleted_at is not null as member_deleted'),
      knex.raw(`${DATE('cm.from_date')} as from_date`),
      knex.raw(`${DATE('cm.to_date')} as to_date`),
      knex.raw(`${CURRENT_SEAT_SQL} as current`)
    )
    .orderByRaw(positionRankSql('cm.position'))
    .orderBy('cm.from_date', 'desc')
    .orderBy('cm.id')
}

function toSeat(row: Record<string, any>): Seat {
  return {
    id: row.id,
    memberId: row.member_id,
    membershipId: row.membership_id,
    fullName: row.full_name,
    fullNameNp: row.full_name_np,
    memberDeleted: row.member_deleted,
    position: row.position,
    fromDate: row.from_date,
    toDate: row.to_date,
    current: row.current,
  }
}

/**
 * Everyone who sits on a committee now (no end, or an end not yet
 * reached), by rank of position.
 */
export async function currentSeatsOf(committee: Pick<Committee, 'type' | 'id'>): Promise<Seat[]> {
  const rows = await seatsQuery(committee, true)
  return rows.map(toSeat)
}

/** One page of those who sat on a committee and whose terms have ended. */
export async function pastSeatsOf(committee: Pick<Committee, 'type' | 'id'>, page: number) {
  const paginator = await seatsQuery(committee, false).paginate(page, PAST_SEATS_PER_PAGE)
  return { paginator, rows: paginator.all().map(toSeat) }
}

/** A position a member holds or held, with the committee it is on. */
export interface HeldPosition extends Omit<
  Seat,
  'memberId' | 'membershipId' | 'fullName' | 'fullNameNp' | 'memberDeleted'
> {
  committeeType: CommitteeType
  committeeId: number
  committeeName: string
  committeeNameNp: string | null
}

/**
 * Every seat a member holds or held, on any level; current ones first.
 */
export async function positionsOf(memberId: number): Promise<HeldPosition[]> {
  const knex = client()
  const names = COMMITTEE_TYPES.map(
    (type) =>
      `select '${type}'::text as type, id, name, name_np from ${COMMITTEE_LEVELS[type].table}
         where id in (select committee_id from committee_members
                       where member_id = :member and committee_type = '${type}')`
  ).join(' union all ')
  const result = await knex.rawQuery(
    `with names as (${names})
     select cm.id, cm.committee_type, cm.committee_id, cm.position,
            ${DATE('cm.from_date')} as from_date, ${DATE('cm.to_date')} as to_date,
            (cm.to_date is null or cm.to_date >= current_date) as current,
            n.name, n.name_np
       from committee_members cm
       join names n on n.type = cm.committee_type::text and n.id = cm.committee_id
      where cm.member_id = :member
      order by current desc, cm.from_date desc, cm.id desc`,
    { member: memberId }
  )
  return result.rows.map((row: Record<string, any>) => ({
    id: row.id,
    committeeType: row.committee_type,
    committeeId: row.committee_id,
    committeeName: row.name,
    committeeNameNp: row.name_np,
    position: row.position,
    fromDate: row.from_date,
    toDate: row.to_date,
    current: row.current,
  }))
}

function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

/**
 * Up to ten active members (not deleted) whose name, in either script, or
 * membership id contains the text; for picking someone to seat.
 */
export async function findMembersToSeat(text: string) {
  const q = fromDevanagariDigits(text.trim()).slice(0, 100)
  if (q.length < 2) return []
  const pattern = likePattern(q)
  return client()
    .from('members')
    .whereNull('deleted_at')
    .where('is_active', true)
    .where((where) => {
      where
        .whereILike('full_name', pattern)
        .orWhereILike('full_name_np', pattern)
        .orWhereILike('membership_id', pattern)
    })
    .orderBy('full_name')
    .orderBy('id')
    .limit(10)
    .select('id', 'membership_id', 'full_name', 'full_name_np')
}

/**
 * Per province: how many districts it has and how many of them have an
 * active district committee (the dashboard's coverage chart).
 */
export async function districtCoverage(locale: string) {
  const name = nameColumn(locale)
  const rows = await client('reading committee coverage')
    .from('provinces as p')
    .join('districts as d', 'd.province_id', 'p.id')
    .leftJoin('district_committees as dc', (join) => {
      join.on('dc.district_id', 'd.id').andOnVal('dc.is_active', true)
    })
    .groupBy('p.id', `p.${name}`)
    .orderBy('p.id')
    .select('p.id', `p.${name} as name`)
    .countDistinct('d.id as districts')
    .countDistinct('dc.district_id as covered')
  return rows.map((row) => ({
    id: row.id as number,
    name: row.name as string,
    districts: Number(row.districts),
    covered: Number(row.covered),
  }))
}
