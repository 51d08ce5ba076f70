/**
 * Nepal's federal administrative divisions: 7 provinces, 77 districts and
 * 753 local levels (with their ward counts), loaded once from the project's
 * own data files in `database/data/nepal/` (one JSON file per province).
 *
 * Everything exported here is frozen; ids are stable and are the ids used by
 * the public dataset the data was checked against (see docs/domain.md).
 */

import { readdirSync, readFileSync } from 'node:fs'

/** Kinds of local level, smallest set of values a migration or validator needs. */
export const LOCAL_LEVEL_TYPES = [
  'metropolitan',
  'sub_metropolitan',
  'municipality',
  'rural_municipality',
] as const

export type LocalLevelType = (typeof LOCAL_LEVEL_TYPES)[number]

export interface Province {
  readonly id: number
  /** ISO 3166-2 code, `NP-P1` … `NP-P7`. */
  readonly code: string
  readonly name: string
  readonly name_np: string
  readonly headquarters: string
  readonly headquarters_np: string
  /** District in which the provincial headquarters lies. */
  readonly headquarters_district_id: number
}

export interface District {
  readonly id: number
  readonly province_id: number
  readonly name: string
  readonly name_np: string
  readonly headquarters: string
  readonly headquarters_np: string
}

export interface LocalLevel {
  readonly id: number
  readonly district_id: number
  /** Denormalised from the district, for convenience. */
  readonly province_id: number
  readonly name: string
  readonly name_np: string
  readonly type: LocalLevelType
  /** Wards are numbered 1 … ward_count. */
  readonly ward_count: number
}

export interface GeographyTotals {
  readonly provinces: number
  readonly districts: number
  readonly localLevels: number
  readonly wards: number
  readonly localLevelsByType: Readonly<Record<LocalLevelType, number>>
}

/** Folder holding one `province_<id>_<slug>.json` file per province. */
export const NEPAL_GEOGRAPHY_DATA_DIR = new URL('../../../database/data/nepal/', import.meta.url)

const FILE_PATTERN = /^province_\d+_[a-z]+\.json$/
const FORMAT = 'sangathan.nepal-geography/v1'

type JsonObject = Record<string, unknown>

class GeographyDataError extends Error {
  constructor(file: string, where: string, problem: string) {
    super(`Invalid Nepal geography data in ${file} at ${where}: ${problem}`)
    this.name = 'GeographyDataError'
  }
}

function asObject(value: unknown, file: string, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GeographyDataError(file, where, 'expected an object')
  }
  return value as JsonObject
}

function asArray(value: unknown, file: string, where: string): unknown[] {
  if (!Array.isArray(value)) throw new GeographyDataError(file, where, 'expected an array')
  return value
}

function str(obj: JsonObject, key: string, file: string, where: string): string {
  const value = obj[key]
  if (typeof value !== 'string' || value.trim() === '') {
    throw new GeographyDataError(file, `${where}.${key}`, 'expected a non-empty string')
  }
  return value
}

function posInt(obj: JsonObject, key: string, file: string, where: string): number {
  const value = obj[key]
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new GeographyDataError(file, `${where}.${key}`, 'expected a positive integer')
  }
  return value
}

function localLevelType(obj: JsonObject, file: string, where: string): LocalLevelType {
  const value = obj.type
  const found = LOCAL_LEVEL_TYPES.find((type) => type === value)
  if (!found) {
    throw new GeographyDataError(file, `${where}.type`, `unknown type ${JSON.stringify(value)}`)
  }
  return found
}

interface LoadedGeography {
  provinces: Province[]
  districts: District[]
  localLevels: LocalLevel[]
}

function loadGeography(dir: URL): LoadedGeography {
  const files = readdirSync(dir)
    .filter((name) => FILE_PATTERN.test(name))
    .sort()
  const result: LoadedGeography = { provinces: [], districts: [], localLevels: [] }

  for (const file of files) {
    const root = asObject(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file, '$')
    if (root.format !== FORMAT) {
      throw new GeographyDataError(file, '$.format', `expected "${FORMAT}"`)
    }
    const p = asObject(root.province, file, '$.province')
    const province: Province = {
      id: posInt(p, 'id', file, 'province'),
      code: str(p, 'code', file, 'province'),
      name: str(p, 'name', file, 'province'),
      name_np: str(p, 'name_np', file, 'province'),
      headquarters: str(p, 'headquarters', file, 'province'),
      headquarters_np: str(p, 'headquarters_np', file, 'province'),
      headquarters_district_id: posInt(p, 'headquarters_district_id', file, 'province'),
    }
    result.provinces.push(province)

    asArray(root.districts, file, '$.districts').forEach((rawDistrict, di) => {
      const dWhere = `districts[${di}]`
      const d = asObject(rawDistrict, file, dWhere)
      const district: District = {
        id: posInt(d, 'id', file, dWhere),
        province_id: province.id,
        name: str(d, 'name', file, dWhere),
        name_np: str(d, 'name_np', file, dWhere),
        headquarters: str(d, 'headquarters', file, dWhere),
        headquarters_np: str(d, 'headquarters_np', file, dWhere),
      }
      result.districts.push(district)

      asArray(d.local_levels, file, `${dWhere}.local_levels`).forEach((rawLocal, li) => {
        const lWhere = `${dWhere}.local_levels[${li}]`
        const l = asObject(rawLocal, file, lWhere)
        result.localLevels.push({
          id: posInt(l, 'id', file, lWhere),
          district_id: district.id,
          province_id: province.id,
          name: str(l, 'name', file, lWhere),
          name_np: str(l, 'name_np', file, lWhere),
          type: localLevelType(l, file, lWhere),
          ward_count: posInt(l, 'ward_count', file, lWhere),
        })
      })
    })
  }

  const byId = <T extends { id: number }>(rows: T[]) => rows.sort((a, b) => a.id - b.id)
  byId(result.provinces)
  byId(result.districts)
  byId(result.localLevels)
  assertUniqueIds('province', result.provinces)
  assertUniqueIds('district', result.districts)
  assertUniqueIds('local level', result.localLevels)
  return result
}

function assertUniqueIds(kind: string, rows: readonly { id: number }[]): void {
  const seen = new Set<number>()
  for (const row of rows) {
    if (seen.has(row.id)) throw new Error(`Duplicate ${kind} id ${row.id} in Nepal geography data`)
    seen.add(row.id)
  }
}

function freezeAll<T extends object>(rows: T[]): readonly Readonly<T>[] {
  for (const row of rows) Object.freeze(row)
  return Object.freeze(rows)
}

const loaded = loadGeography(NEPAL_GEOGRAPHY_DATA_DIR)

/** The 7 provinces, ordered by id. */
export const provinces: readonly Province[] = freezeAll(loaded.provinces)
/** The 77 districts, ordered by id; `province_id` refers to {@link provinces}. */
export const districts: readonly District[] = freezeAll(loaded.districts)
/** The 753 local levels, ordered by id; `district_id` refers to {@link districts}. */
export const localLevels: readonly LocalLevel[] = freezeAll(loaded.localLevels)

const provinceIndex = new Map(provinces.map((row) => [row.id, row]))
const districtIndex = new Map(districts.map((row) => [row.id, row]))
const localLevelIndex = new Map(localLevels.map((row) => [row.id, row]))

/** Counts computed from the loaded data (not hard-coded). */
export const totals: GeographyTotals = Object.freeze({
  provinces: provinces.length,
  districts: districts.length,
  localLevels: localLevels.length,
  wards: localLevels.reduce((sum, row) => sum + row.ward_count, 0),
  localLevelsByType: Object.freeze(
    Object.fromEntries(
      LOCAL_LEVEL_TYPES.map((type) => [type, localLevels.filter((l) => l.type === type).length])
    ) as Record<LocalLevelType, number>
  ),
})

/** Finds a province by id. */
export function findProvince(id: number): Province | undefined {
  return provinceIndex.get(id)
}

/** Finds a district by id. */
export function findDistrict(id: number): District | undefined {
  return districtIndex.get(id)
}

/** Finds a local level (metropolitan city … rural municipality) by id. */
export function findLocalLevel(id: number): LocalLevel | undefined {
  return localLevelIndex.get(id)
}

/** Districts of a province, ordered by id (empty for an unknown province). */
export function districtsOfProvince(provinceId: number): readonly District[] {
  return districts.filter((row) => row.province_id === provinceId)
}

/** Local levels of a district, ordered by id (empty for an unknown district). */
export function localLevelsOfDistrict(districtId: number): readonly LocalLevel[] {
  return localLevels.filter((row) => row.district_id === districtId)
}

/**
 * Whether ward `wardNumber` exists in local level `localLevelId`: the local
 * level must exist and the ward number must be an integer in 1 … ward_count.
 */
export function wardExists(localLevelId: number, wardNumber: number): boolean {
  const localLevel = localLevelIndex.get(localLevelId)
  if (!localLevel || !Number.isInteger(wardNumber)) return false
  return wardNumber >= 1 && wardNumber <= localLevel.ward_count
}
