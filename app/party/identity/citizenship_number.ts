/**
 * Nepali citizenship certificate numbers: the one rule shared by the member
 * validator and the donation checks.
 *
 * Certificates print the number as digit groups joined by `-`, `/` or a
 * space (`27-01-71-01234`, `1234/567`, `123456`); people type them in ASCII
 * or Devanagari digits. A valid number, once Devanagari digits are made
 * ASCII and the ends trimmed, is digit groups separated by exactly one of
 * those separators, 3 to 30 characters long.
 */

import { fromDevanagariDigits } from '#party/calendar/nepali_format'

/** Shortest and longest accepted number, separators included (the column is 30 wide). */
export const CITIZENSHIP_NUMBER_MIN_LENGTH = 3
export const CITIZENSHIP_NUMBER_MAX_LENGTH = 30

const PATTERN = /^[0-9]+(?:[-/ ][0-9]+)*$/

/** The number as stored: Devanagari digits made ASCII, ends trimmed, inner spaces collapsed. */
export function normalizeCitizenshipNumber(value: string): string {
  return fromDevanagariDigits(value).trim().replace(/\s+/g, ' ')
}

/** Whether `value` is a citizenship certificate number (see the module comment). */
export function isValidCitizenshipNumber(value: string): boolean {
  const normalized = normalizeCitizenshipNumber(value)
  return (
    normalized.length >= CITIZENSHIP_NUMBER_MIN_LENGTH &&
    normalized.length <= CITIZENSHIP_NUMBER_MAX_LENGTH &&
    PATTERN.test(normalized)
  )
}

/**
 * The digits only: `27-01-71-01234`, `27/01/71/01234` and `२७ ०१ ७१ ०१२३४` are
 * one person. Used to add up what one donor gives; the database computes the
 * same key in `donations.donor_citizenship_key`.
 */
export function citizenshipNumberKey(value: string): string {
  return normalizeCitizenshipNumber(value).replace(/[^0-9]/g, '')
}
