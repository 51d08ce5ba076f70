import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { memberAddressProblems } from '#party/members/member_address'
import {
  isValidCitizenshipNumber,
  normalizeCitizenshipNumber,
} from '#party/identity/citizenship_number'

/** The citizenship number rule shared with the donation checks; stores the normalised form. */
const citizenshipNumber = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string') return
    if (!isValidCitizenshipNumber(value)) {
      field.report('The {{ field }} field is not a citizenship number', 'citizenship_number', field)
      return
    }
    field.mutate(normalizeCitizenshipNumber(value), field)
  }
)

/**
 * Reports address problems (district ∉ province, local level ∉ district,
 * ward ∉ local level) on the field they belong to. Runs on ward_number,
 * the last address field, reading its siblings from the parent object.
 */
const nepalAddress = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  const parent = field.parent as Record<string, unknown>
  const problems = memberAddressProblems({
    provinceId: Number(parent.province_id),
    districtId: Number(parent.district_id),
    localLevelId: Number(parent.local_level_id),
    wardNumber: Number(value),
  })
  for (const problem of problems) {
    const meta = 'wardCount' in problem ? { max: problem.wardCount } : {}
    field.report(`The {{ field }} field is not valid (${problem.code})`, problem.code, field, meta)
  }
})

/**
 * Creating or updating a party member.
 */
export const memberValidator = vine.create({
  full_name: vine.string().trim().minLength(2).maxLength(150),
  full_name_np: vine.string().trim().maxLength(150).optional(),
  citizenship_number: vine.string().trim().use(citizenshipNumber()),
  citizenship_issue_district_id: vine.number().withoutDecimals().positive().optional(),
  date_of_birth: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  gender: vine.enum(['male', 'female', 'other']),
  email: vine.string().trim().email().maxLength(254).optional(),
  phone: vine
    .string()
    .trim()
    .regex(/^\+977[0-9]{8,10}$/)
    .optional(),
  province_id: vine.number().withoutDecimals().positive(),
  district_id: vine.number().withoutDecimals().positive(),
  local_level_id: vine.number().withoutDecimals().positive(),
  ward_number: vine.number().withoutDecimals().positive().use(nepalAddress()),
  membership_type: vine.enum(['general', 'active', 'honorary']),
})
