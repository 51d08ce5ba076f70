import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { NEXT_MEMBERSHIP_ID_SQL } from '#party/members/membership_id'
import { localLevels } from '#party/geography/nepal_geography'

/** Given names (English, Nepali, gender) and family names for believable demo members. */
export const GIVEN = [
  ['Sita', 'सीता', 'female'],
  ['Gita', 'गीता', 'female'],
  ['Maya', 'माया', 'female'],
  ['Sarita', 'सरिता', 'female'],
  ['Anita', 'अनिता', 'female'],
  ['Kamala', 'कमला', 'female'],
  ['Puja', 'पूजा', 'female'],
  ['Radha', 'राधा', 'female'],
  ['Ram', 'राम', 'male'],
  ['Hari', 'हरि', 'male'],
  ['Krishna', 'कृष्ण', 'male'],
  ['Bishnu', 'विष्णु', 'male'],
  ['Suresh', 'सुरेश', 'male'],
  ['Ramesh', 'रमेश', 'male'],
  ['Dipak', 'दीपक', 'male'],
  ['Bikash', 'विकास', 'male'],
] as const
export const FAMILY = [
  ['Shrestha', 'श्रेष्ठ'],
  ['Sharma', 'शर्मा'],
  ['Thapa', 'थापा'],
  ['Gurung', 'गुरुङ'],
  ['Tamang', 'तामाङ'],
  ['Rai', 'राई'],
  ['Limbu', 'लिम्बु'],
  ['Magar', 'मगर'],
  ['Yadav', 'यादव'],
  ['Chaudhary', 'चौधरी'],
  ['Koirala', 'कोइराला'],
  ['Adhikari', 'अधिकारी'],
  ['Karki', 'कार्की'],
  ['Bhandari', 'भण्डारी'],
] as const

/** Deterministic pseudo-random numbers, so every demo party made the same day looks the same. */
function sequence(seed: number) {
  let state = seed
  return (max: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state % max
  }
}

/**
 * Adds `count` sample members spread over every province (demo parties
 * only), numbered from the party's membership sequence.
 */
export async function addDemoMembers(client: QueryClientContract, count: number) {
  const next = sequence(20_826)
  // Joined over the last year, so the dashboard's monthly and 30-day figures have something.
  const today = new Date()
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  const rows = Array.from({ length: count }, (_, index) => {
    const [given, givenNp, gender] = GIVEN[next(GIVEN.length)]
    const [family, familyNp] = FAMILY[next(FAMILY.length)]
    const level = localLevels[next(localLevels.length)]
    const born = 1950 + next(55)
    const joined = new Date(todayUtc - next(365) * 86_400_000)
    return {
      full_name: `${given} ${family}`,
      full_name_np: `${givenNp} ${familyNp}`,
      gender,
      date_of_birth: `${born}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`,
      citizenship_number: `${level.district_id}-01-${String(born % 100).padStart(2, '0')}-${String(index + 1).padStart(5, '0')}`,
      citizenship_issue_district_id: level.district_id,
      phone: `+97798${String(next(100_000_000)).padStart(8, '0')}`,
      province_id: level.province_id,
      district_id: level.district_id,
      local_level_id: level.id,
      ward_number: 1 + next(level.ward_count),
      membership_type: next(10) === 0 ? 'active' : 'general',
      membership_date: joined.toISOString().slice(0, 10),
      is_active: next(12) !== 0,
      created_at: joined,
      membership_id: client.raw(NEXT_MEMBERSHIP_ID_SQL),
    }
  })
  await client.table('members').multiInsert(rows)
}
