import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import {
  districts,
  findDistrict,
  findLocalLevel,
  provinces,
  type LocalLevel,
} from '#party/geography/nepal_geography'
import type { CommitteePosition, CommitteeType } from '#party/committees/committee_levels'

/** Kinds of local level as they appear in a committee's name. */
const LOCAL_LEVEL_KIND = {
  metropolitan: ['Metropolitan City', 'महानगरपालिका'],
  sub_metropolitan: ['Sub-Metropolitan City', 'उपमहानगरपालिका'],
  municipality: ['Municipality', 'नगरपालिका'],
  rural_municipality: ['Rural Municipality', 'गाउँपालिका'],
} as const

/** Districts with a committee in the demo party (two per province or so). */
const DEMO_DISTRICTS = [4, 6, 11, 15, 20, 23, 24, 27, 29, 38, 49, 66, 77]
/** Local levels with a committee: the big cities among those districts. */
const DEMO_LOCAL_LEVELS = [60, 278, 307, 331, 414]
/** Ward committees: [local level, ward]. */
const DEMO_WARDS: [number, number][] = [
  [307, 1],
  [307, 10],
  [307, 32],
  [331, 3],
  [414, 5],
  [414, 17],
]

/** Positions filled on a committee of each level, highest first. */
const LINE_UP: Record<CommitteeType, CommitteePosition[]> = {
  central: [
    'chairperson',
    'senior_vice_chairperson',
    'vice_chairperson',
    'vice_chairperson',
    'general_secretary',
    'deputy_general_secretary',
    'secretary',
    'secretary',
    'treasurer',
    'spokesperson',
    'member',
    'member',
    'member',
    'member',
    'member',
    'alternate_member',
  ],
  provincial: [
    'chairperson',
    'vice_chairperson',
    'secretary',
    'treasurer',
    'member',
    'member',
    'member',
  ],
  district: ['chairperson', 'vice_chairperson', 'secretary', 'treasurer', 'member', 'member'],
  local_level: ['chairperson', 'secretary', 'treasurer', 'member', 'member'],
  ward: ['chairperson', 'secretary', 'member', 'member'],
}

interface DemoMember {
  id: number
  province_id: number
  district_id: number
  local_level_id: number
  ward_number: number
}

/**
 * Seats members on a committee, preferring members who live in its area
 * (then its district, province, anyone), so the demo looks like a party.
 */
function chooser(members: DemoMember[]) {
  return (area: (member: DemoMember) => boolean[], count: number) => {
    const chosen: number[] = []
    for (let depth = 0; chosen.length < count && depth < 5; depth++) {
      for (const member of members) {
        if (chosen.length >= count) break
        const matches = area(member)
        if ((depth < matches.length ? matches[depth] : true) && !chosen.includes(member.id)) {
          chosen.push(member.id)
        }
      }
    }
    return chosen
  }
}

function localLevelName(level: LocalLevel) {
  const [en, ne] = LOCAL_LEVEL_KIND[level.type]
  return { name: `${level.name} ${en}`, name_np: `${level.name_np} ${ne}` }
}

function toNepaliDigits(value: number) {
  return String(value).replace(/[0-9]/g, (digit) => '०१२३४५६७८९'[Number(digit)])
}

async function insert(trx: TransactionClientContract, table: string, row: Record<string, unknown>) {
  const [{ id }] = await trx.table(table).insert(row).returning('id')
  return id as number
}

/**
 * Gives the demo party a committee structure (demo parties only): the
 * central committee and an earlier one, all seven provincial committees,
 * district committees in every province, city and ward committees, with
 * members seated in positions, one past term and one replacement.
 */
export async function addDemoCommittees(client: QueryClientContract) {
  await client.transaction(async (trx) => {
    const members: DemoMember[] = await trx
      .from('members')
      .whereNull('deleted_at')
      .where('is_active', true)
      .orderBy('id')
      .select('id', 'province_id', 'district_id', 'local_level_id', 'ward_number')
    if (members.length === 0) return
    const pick = chooser(members)
    const seats: Record<string, unknown>[] = []
    const seat = (
      type: CommitteeType,
      committeeId: number,
      ids: number[],
      fromDate: string,
      toDate: string | null = null
    ) =>
      ids.forEach((memberId, index) =>
        seats.push({
          member_id: memberId,
          committee_type: type,
          committee_id: committeeId,
          position: LINE_UP[type][index],
          from_date: fromDate,
          to_date: toDate,
        })
      )

    // The committee elected at the previous general convention, kept for the record.
    const earlier = await insert(trx, 'central_committees', {
      name: 'Central Committee (2018–2023)',
      name_np: 'केन्द्रीय समिति (२०७४–२०७९)',
      term_start: '2018-02-01',
      term_end: '2023-01-14',
      is_active: false,
    })
    const everyone = () => [true]
    const formerLeaders = pick(everyone, 24).slice(16)
    seat('central', earlier, formerLeaders, '2018-02-01', '2023-01-14')

    const central = await insert(trx, 'central_committees', {
      name: 'Central Committee',
      name_np: 'केन्द्रीय समिति',
      term_start: '2023-01-15',
      term_end: '2028-01-14',
    })
    const leaders = pick(everyone, LINE_UP.central.length)
    seat('central', central, leaders, '2023-01-15')
    // The first spokesperson resigned; a former leader took over.
    const spokesperson = seats.find(
      (row) => row.committee_id === central && row.position === 'spokesperson'
    )!
    spokesperson.to_date = '2024-06-30'
    seats.push({
      ...spokesperson,
      member_id: formerLeaders[0],
      from_date: '2024-07-01',
      to_date: null,
    })

    const provincial = new Map<number, number>()
    for (const province of provinces) {
      const id = await insert(trx, 'provincial_committees', {
        central_committee_id: central,
        province_id: province.id,
        name: `${province.name} Provincial Committee`,
        name_np: `${province.name_np} प्रदेश समिति`,
        term_start: '2023-04-10',
      })
      provincial.set(province.id, id)
      const inProvince = (member: DemoMember) => [member.province_id === province.id]
      seat('provincial', id, pick(inProvince, LINE_UP.provincial.length), '2023-04-10')
    }

    const district = new Map<number, number>()
    for (const districtId of DEMO_DISTRICTS) {
      const place = findDistrict(districtId) ?? districts[0]
      const id = await insert(trx, 'district_committees', {
        provincial_committee_id: provincial.get(place.province_id),
        district_id: place.id,
        name: `${place.name} District Committee`,
        name_np: `${place.name_np} जिल्ला समिति`,
        term_start: '2023-08-01',
      })
      district.set(place.id, id)
      const near = (member: DemoMember) => [
        member.district_id === place.id,
        member.province_id === place.province_id,
      ]
      seat('district', id, pick(near, LINE_UP.district.length), '2023-08-01')
    }

    const local = new Map<number, number>()
    for (const localLevelId of DEMO_LOCAL_LEVELS) {
      const place = findLocalLevel(localLevelId)!
      const id = await insert(trx, 'local_level_committees', {
        district_committee_id: district.get(place.district_id),
        local_level_id: place.id,
        name: `${localLevelName(place).name} Committee`,
        name_np: `${localLevelName(place).name_np} समिति`,
        term_start: '2024-01-20',
      })
      local.set(place.id, id)
      const near = (member: DemoMember) => [
        member.local_level_id === place.id,
        member.district_id === place.district_id,
        member.province_id === place.province_id,
      ]
      seat('local_level', id, pick(near, LINE_UP.local_level.length), '2024-01-20')
    }

    for (const [localLevelId, ward] of DEMO_WARDS) {
      const place = findLocalLevel(localLevelId)!
      const names = localLevelName(place)
      const id = await insert(trx, 'ward_committees', {
        local_level_committee_id: local.get(localLevelId),
        ward_number: ward,
        name: `${names.name} Ward ${ward} Committee`,
        name_np: `${names.name_np} वडा नं. ${toNepaliDigits(ward)} समिति`,
        term_start: '2024-03-05',
      })
      const near = (member: DemoMember) => [
        member.local_level_id === place.id && member.ward_number === ward,
        member.local_level_id === place.id,
        member.district_id === place.district_id,
        member.province_id === place.province_id,
      ]
      seat('ward', id, pick(near, LINE_UP.ward.length), '2024-03-05')
    }

    await trx.table('committee_members').multiInsert(seats)
  })
}
