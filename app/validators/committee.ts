import vine from '@vinejs/vine'
import { COMMITTEE_POSITIONS, MAX_ID } from '#party/committees/committee_levels'

/** An AD date `YYYY-MM-DD` within the years a committee record can have. */
const day = () =>
  vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrEqual('1950-01-01')
    .beforeOrEqual('2100-12-31')

/**
 * Creating or editing a committee. The place (province, district, local
 * level or ward number) is checked against the parent committee by the
 * database; a blank name becomes the usual name of the level and place.
 */
export const committeeValidator = vine.create({
  name: vine.string().trim().maxLength(200).optional(),
  name_np: vine.string().trim().maxLength(200).optional(),
  place_id: vine.number().withoutDecimals().positive().max(MAX_ID).optional(),
  term_start: day().optional(),
  term_end: day().optional(),
  is_active: vine.boolean().optional(),
})

/** Seating a member on a committee in a position, from a date (to a date, optionally). */
export const seatValidator = vine.create({
  member_id: vine.number().withoutDecimals().positive().max(MAX_ID),
  position: vine.enum(COMMITTEE_POSITIONS),
  from_date: day(),
  to_date: day().optional(),
})

/** Ending a member's term on a committee. */
export const endSeatValidator = vine.create({
  to_date: day(),
})

/** A JS date from the validator (local midnight) as `YYYY-MM-DD`. */
export function isoDay(date: Date | undefined | null) {
  if (!date) return null
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}
