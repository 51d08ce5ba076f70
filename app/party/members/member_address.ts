import { findDistrict, findLocalLevel, findProvince } from '#party/geography/nepal_geography'

export interface MemberAddressInput {
  provinceId: number
  districtId: number
  localLevelId: number
  wardNumber: number
}

export type MemberAddressProblem =
  | { field: 'province_id'; code: 'unknown_province' }
  | { field: 'district_id'; code: 'unknown_district' | 'district_not_in_province' }
  | { field: 'local_level_id'; code: 'unknown_local_level' | 'local_level_not_in_district' }
  | { field: 'ward_number'; code: 'ward_not_in_local_level'; wardCount: number }

/**
 * Checks that a member's address is a real place: the district lies in the
 * province, the local level in the district, and the ward exists there.
 */
export function memberAddressProblems(input: MemberAddressInput): MemberAddressProblem[] {
  const problems: MemberAddressProblem[] = []
  if (!findProvince(input.provinceId))
    problems.push({ field: 'province_id', code: 'unknown_province' })

  const district = findDistrict(input.districtId)
  if (!district) problems.push({ field: 'district_id', code: 'unknown_district' })
  else if (district.province_id !== input.provinceId) {
    problems.push({ field: 'district_id', code: 'district_not_in_province' })
  }

  const localLevel = findLocalLevel(input.localLevelId)
  if (!localLevel) problems.push({ field: 'local_level_id', code: 'unknown_local_level' })
  else {
    if (localLevel.district_id !== input.districtId) {
      problems.push({ field: 'local_level_id', code: 'local_level_not_in_district' })
    }
    if (
      !Number.isInteger(input.wardNumber) ||
      input.wardNumber < 1 ||
      input.wardNumber > localLevel.ward_count
    ) {
      problems.push({
        field: 'ward_number',
        code: 'ward_not_in_local_level',
        wardCount: localLevel.ward_count,
      })
    }
  }
  return problems
}
