import type { I18n } from '@adonisjs/i18n'
import { errors as vineErrors } from '@vinejs/vine'

interface Refusal {
  /** The form field the message belongs to (`committee` for the form as a whole). */
  field: string
  /** Key under `committees.errors`. */
  key: string
}

/**
 * What each refusal of the database (constraint name → form field and
 * message) means to the person filling the form.
 */
const REFUSALS: [RegExp, Refusal][] = [
  [/^central_committees_one_active$/, { field: 'committee', key: 'central_taken' }],
  [
    /_one_active_per_(province|district|local_level|ward)$/,
    { field: 'place_id', key: 'place_taken' },
  ],
  [/_district_in_province$/, { field: 'place_id', key: 'district_not_in_province' }],
  [/_local_level_in_district$/, { field: 'place_id', key: 'local_level_not_in_district' }],
  [
    /^ward_committees_ward_number_(in_local_level|check)$/,
    { field: 'place_id', key: 'ward_out_of_range' },
  ],
  [/_committees_term_check$/, { field: 'term_end', key: 'term_end_before_start' }],
  [/_(province|district|local_level)_id_foreign$/, { field: 'place_id', key: 'unknown_place' }],
  [/^ward_committees_links_check$/, { field: 'committee', key: 'wrong_parent' }],
  [/_committee_(id_foreign|fk)$/, { field: 'committee', key: 'parent_missing' }],
  [/^committee_members_one_current_seat$/, { field: 'member_id', key: 'seat_taken' }],
  [/^committee_members_dates_check$/, { field: 'to_date', key: 'to_before_from' }],
  [/^committee_members_member_id_foreign$/, { field: 'member_id', key: 'unknown_member' }],
]

/** PostgreSQL's codes for the refusals above: unique, check, foreign key. */
const CONSTRAINT_CODES = new Set(['23505', '23514', '23503'])

/** The constraint a PostgreSQL error names, when it is one of ours to explain. */
export function refusalOf(error: unknown): Refusal | null {
  const { code, constraint } = error as { code?: string; constraint?: string }
  if (!code || !CONSTRAINT_CODES.has(code) || !constraint) return null
  return REFUSALS.find(([pattern]) => pattern.test(constraint))?.[1] ?? null
}

/** A form error (redirects back with the message beside the field). */
export function formError(i18n: I18n, field: string, key: string, data?: Record<string, unknown>) {
  return new vineErrors.E_VALIDATION_ERROR([
    { field, rule: key, message: i18n.t(`committees.errors.${key}`, data) },
  ])
}

/**
 * Runs a write, turning the database's refusals (wrong parent or place,
 * a place or seat already taken, dates in the wrong order) into
 * translated form errors; anything else is rethrown.
 */
export async function explainingRefusals<T>(i18n: I18n, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    const refusal = refusalOf(error)
    if (!refusal) throw error
    throw formError(i18n, refusal.field, refusal.key)
  }
}
