import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { memberAddressProblems } from '#party/members/member_address'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import { findDistrict } from '#party/geography/nepal_geography'
import {
  isValidCitizenshipNumber,
  normalizeCitizenshipNumber,
} from '#party/identity/citizenship_number'

/** Youngest age at which someone can join a party. */
export const MEMBER_MIN_AGE_YEARS = 16

/**
 * A PAN as stored: ASCII digits, with Devanagari digits read as ASCII and
 * spaces or hyphens between groups dropped. Not checked here.
 */
export function normalizePan(value: string) {
  return fromDevanagariDigits(value).replace(/[\s-]/g, '')
}

/**
 * A Nepali landline in E.164 (`+97714412345`), or null when `value` is not
 * one: `01-4412345`, `061 521234`, `+977-1-4412345` and Devanagari digits
 * are read; the national number is 8 digits (area code without its 0, then
 * the subscriber number) and never starts with 9, the mobile range.
 */
export function normalizeLandline(value: string) {
  let digits = fromDevanagariDigits(value).replace(/[\s\-().]/g, '')
  if (digits.startsWith('+977')) digits = digits.slice(4)
  else if (digits.startsWith('977') && digits.length === 11) digits = digits.slice(3)
  else if (digits.startsWith('0')) digits = digits.slice(1)
  else return null
  return /^[1-8]\d{7}$/.test(digits) ? `+977${digits}` : null
}

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
 * Normalises a Nepali mobile number to E.164 (`+9779841234567`): accepts
 * `9841234567`, `+977 984-1234567`, `977…` and Devanagari digits; reports
 * `mobile` for anything that is not a Nepali mobile (10 digits from 96–98).
 */
const nepaliMobile = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  let digits = fromDevanagariDigits(value).replace(/[\s\-().]/g, '')
  if (digits.startsWith('+977')) digits = digits.slice(4)
  else if (digits.startsWith('977') && digits.length === 13) digits = digits.slice(3)
  if (!/^9[678]\d{8}$/.test(digits)) {
    field.report('The {{ field }} field must be a Nepali mobile number', 'mobile', field)
    return
  }
  field.mutate(`+977${digits}`, field)
})

/** A PAN: exactly 9 digits; stores the ASCII form. */
const panNumber = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const pan = normalizePan(value)
  if (!/^\d{9}$/.test(pan)) {
    field.report('The {{ field }} field must be a PAN of 9 digits', 'pan', field)
    return
  }
  field.mutate(pan, field)
})

/** A Nepali landline; stores E.164 (see normalizeLandline). */
const nepaliLandline = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string') return
    const landline = normalizeLandline(value)
    if (!landline) {
      field.report('The {{ field }} field must be a Nepali landline number', 'landline', field)
      return
    }
    field.mutate(landline, field)
  }
)

/** A district of Nepal (the citizenship certificate's issuing district). */
const knownDistrict = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (!findDistrict(Number(value))) {
      field.report('The {{ field }} field is not valid', 'unknown_district', field)
    }
  }
)

/** The latest date of birth of someone old enough to join today. */
function youngestBirthDate() {
  const date = new Date()
  date.setUTCFullYear(date.getUTCFullYear() - MEMBER_MIN_AGE_YEARS)
  return date.toISOString().slice(0, 10)
}

/**
 * Creating or updating a party member.
 */
export const memberValidator = vine.create({
  full_name: vine.string().trim().minLength(2).maxLength(150),
  full_name_np: vine.string().trim().maxLength(150).nullable().optional(),
  citizenship_number: vine.string().trim().use(citizenshipNumber()),
  citizenship_issue_district_id: vine.number().withoutDecimals().positive().use(knownDistrict()),
  date_of_birth: vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrEqual('1900-01-01')
    .beforeOrEqual(() => youngestBirthDate()),
  gender: vine.enum(['male', 'female', 'other']),
  email: vine.string().trim().email().maxLength(254).nullable().optional(),
  phone: vine.string().trim().use(nepaliMobile()).nullable().optional(),
  landline: vine.string().trim().maxLength(30).use(nepaliLandline()).nullable().optional(),
  pan_number: vine.string().trim().maxLength(30).use(panNumber()).nullable().optional(),
  province_id: vine.number().withoutDecimals().positive(),
  district_id: vine.number().withoutDecimals().positive(),
  local_level_id: vine.number().withoutDecimals().positive(),
  ward_number: vine.number().withoutDecimals().positive().use(nepalAddress()),
  permanent_address: vine.string().trim().maxLength(500).nullable().optional(),
  membership_type: vine.enum(['general', 'active', 'honorary']),
  is_active: vine.boolean().optional(),
})
