/**
 * Election Commission rules for donations to a political party (Political
 * Parties Act, 2073, section 38), as a framework-free domain service.
 *
 * Money is held as integer paisa (1 rupee = 100 paisa) everywhere: amounts and
 * limits alike, with `Paisa` in the field name. Limits are data for one fiscal
 * year, passed in by the caller (normally loaded from the database); the
 * figures in {@link DEFAULT_DONATION_LIMITS} are only for seeding.
 *
 * Results carry violation codes, never sentences: the UI translates codes.
 * See docs/domain.md for the rules and the decisions taken.
 */

import { fiscalYearFor, fiscalYearStartFromLabel } from '#party/calendar/fiscal_year'
import type { AdDate } from '#party/calendar/bikram_sambat'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import { isValidCitizenshipNumber } from '#party/identity/citizenship_number'

/** Donors the Act allows. */
export const ALLOWED_DONOR_TYPES = [
  /** A Nepali citizen; identified by citizenship certificate number. */
  'individual',
  /** A private company, firm or organisation registered in Nepal; identified by PAN. */
  'private_organisation',
  /** A private school, college or university; s.38(2)(d) bars only public and community ones. PAN. */
  'private_educational_institution',
] as const

/**
 * Donors Political Parties Act 2073 s.38(2) prohibits, whatever the amount,
 * each with its clause in {@link PROHIBITED_DONOR_CLAUSES}. Clause (g), unnamed
 * donors, is the `anonymous_donor` check; clause (h), donors the Election
 * Commission designates, is the party's list in `designated_prohibited_donors`.
 */
export const PROHIBITED_DONOR_TYPES = [
  /** (a) Federal, provincial or local government agency or office. */
  'government_body',
  /** (b) Body wholly or partly owned or controlled by a government. */
  'public_enterprise',
  /** (c) Public limited company with public shareholding. */
  'public_company',
  /** (d) Public or community university, campus, school or other educational institution. */
  'educational_institution',
  /** (e) Non-governmental organisation registered in Nepal. */
  'ngo',
  /** (e) International non-governmental organisation. */
  'ingo',
  /** (f) Government of another country. */
  'foreign_government',
  /** (f) Person who is not a Nepali citizen. */
  'foreign_individual',
  /** (f) Company, body or organisation of another country, or an international one. */
  'foreign_organisation',
] as const

/** The clauses of s.38(2): (a)–(h). */
export const PROHIBITION_CLAUSES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const
export type ProhibitionClause = (typeof PROHIBITION_CLAUSES)[number]

/** The clause of s.38(2) that prohibits each donor type. */
export const PROHIBITED_DONOR_CLAUSES = Object.freeze({
  government_body: 'a',
  public_enterprise: 'b',
  public_company: 'c',
  educational_institution: 'd',
  ngo: 'e',
  ingo: 'e',
  foreign_government: 'f',
  foreign_individual: 'f',
  foreign_organisation: 'f',
} as const satisfies Record<(typeof PROHIBITED_DONOR_TYPES)[number], ProhibitionClause>)

/** Every donor type, for migrations (enum/check constraint) and validators. */
export const DONOR_TYPES = [...ALLOWED_DONOR_TYPES, ...PROHIBITED_DONOR_TYPES] as const

export type AllowedDonorType = (typeof ALLOWED_DONOR_TYPES)[number]
export type ProhibitedDonorType = (typeof PROHIBITED_DONOR_TYPES)[number]
export type DonorType = (typeof DONOR_TYPES)[number]

/** How the money was received. */
export const PAYMENT_METHODS = ['cash', 'cheque', 'bank_transfer', 'digital_wallet'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

/**
 * Methods that count as the banking channel required above the cash limit.
 * Digital wallets are deliberately excluded (see docs/domain.md): the Act asks
 * for a bank, and a wallet top-up can itself be cash.
 */
export const BANKING_PAYMENT_METHODS = [
  'cheque',
  'bank_transfer',
] as const satisfies readonly PaymentMethod[]

/** Every violation code {@link evaluateDonation} can return. */
export const DONATION_VIOLATION_CODES = [
  'unknown_donor_type',
  'prohibited_donor',
  'anonymous_donor',
  'invalid_citizenship_number',
  'invalid_pan',
  'invalid_amount',
  'unknown_payment_method',
  'cash_above_limit',
  'fiscal_year_mismatch',
] as const
export type DonationViolationCode = (typeof DONATION_VIOLATION_CODES)[number]

export interface DonationViolation {
  readonly code: DonationViolationCode
  /** Clause of Political Parties Act 2073 s.38(2) for `prohibited_donor` and `anonymous_donor`. */
  readonly clause?: ProhibitionClause
  /** Input field the violation is about, for highlighting in forms. */
  readonly field:
    | 'donor.type'
    | 'donor.name'
    | 'donor.citizenshipNumber'
    | 'donor.pan'
    | 'amountPaisa'
    | 'paymentMethod'
    | 'receivedOn'
}

/** Limits in force for one fiscal year. All amounts in paisa. */
export interface DonationLimits {
  /** Fiscal year label, `YYYY/YY` (e.g. `2083/84`). */
  readonly fiscalYear: string
  /** Largest amount that may be received in cash (or by wallet); above it a bank is required. */
  readonly cashLimitPaisa: number
  /** Donations above this amount are flagged for the party's disclosure report. */
  readonly disclosureThresholdPaisa: number
}

/**
 * Seed values for the limits of FY 2083/84: Rs 25,000 cash limit, also used
 * as the disclosure threshold. Never read these in business logic: load the
 * fiscal year's limits from the database and pass them in.
 */
export const DEFAULT_DONATION_LIMITS: DonationLimits = Object.freeze({
  fiscalYear: '2083/84',
  cashLimitPaisa: 25_000_00,
  disclosureThresholdPaisa: 25_000_00,
})

export interface DonorInput {
  readonly type: DonorType
  /** Full name of the person or registered name of the organisation. */
  readonly name?: string | null
  /** Nepali citizenship certificate number; required for `individual`. */
  readonly citizenshipNumber?: string | null
  /** Permanent Account Number, exactly 9 digits; required for organisations. */
  readonly pan?: string | null
}

export interface DonationInput {
  readonly donor: DonorInput
  /** Amount in paisa (Rs 25,000 = 2_500_000). */
  readonly amountPaisa: number
  readonly paymentMethod: PaymentMethod
  /**
   * Day the donation was received. When given, it must fall in
   * `limits.fiscalYear`. A `Date` is read through its UTC fields.
   */
  readonly receivedOn?: Date | AdDate
}

export interface AcceptedDonation {
  readonly ok: true
  /** Amount is above the fiscal year's cash limit (so it came through a bank). */
  readonly isAboveLimit: boolean
  /** Amount is above the fiscal year's disclosure threshold. */
  readonly requiresDisclosure: boolean
  readonly fiscalYear: string
  /** See {@link formatReceiptNumber}. */
  readonly receiptNumber: string
}

export interface RefusedDonation {
  readonly ok: false
  readonly violations: readonly DonationViolation[]
}

export type DonationDecision = AcceptedDonation | RefusedDonation

const PLACEHOLDER_NAMES = new Set([
  'anonymous',
  'anon',
  'unknown',
  'n/a',
  'na',
  'none',
  'nil',
  '-',
  'अज्ञात',
  'गुमनाम',
  'बेनामी',
  'नाम नखुलेको',
])

const PAN_PATTERN = /^\d{9}$/

function present(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

function isRealName(name: string | null | undefined): boolean {
  if (!present(name)) return false
  const normalized = name.trim().replace(/\s+/g, ' ').toLowerCase()
  return !PLACEHOLDER_NAMES.has(normalized) && /[\p{L}]/u.test(normalized)
}

/** Whether `pan` is a valid PAN: exactly 9 digits (ASCII or Devanagari), spaces trimmed. */
export function isValidPan(pan: string): boolean {
  return PAN_PATTERN.test(fromDevanagariDigits(pan.trim()))
}

/** The citizenship number rule shared with the member validator. */
export { isValidCitizenshipNumber }

function includes<T extends string>(list: readonly T[], value: unknown): value is T {
  return list.some((item) => item === value)
}

/** Whether the donor type is one the Act prohibits. */
export function isProhibitedDonorType(type: string): boolean {
  return includes(PROHIBITED_DONOR_TYPES, type)
}

/** Whether the payment method counts as the banking channel. */
export function isBankingPaymentMethod(method: string): boolean {
  return includes(BANKING_PAYMENT_METHODS, method)
}

function assertLimits(limits: DonationLimits): void {
  fiscalYearStartFromLabel(limits.fiscalYear)
  for (const key of ['cashLimitPaisa', 'disclosureThresholdPaisa'] as const) {
    const value = limits[key]
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(
        `DonationLimits.${key} must be a non-negative integer (paisa), got ${value}`
      )
    }
  }
}

/** Minimum number of digits of the sequence part of a receipt number. */
export const RECEIPT_SEQUENCE_DIGITS = 6

/**
 * Receipt number for the `sequence`-th accepted donation of a fiscal year:
 * `RCPT-<fiscal year>-<sequence, zero-padded to 6 digits>`, e.g.
 * `formatReceiptNumber('2083/84', 123)` → `RCPT-2083/84-000123`. Sequences
 * above 999999 simply get more digits. The caller owns the sequence (one per
 * party and fiscal year) and must not reuse numbers.
 *
 * @throws RangeError for a malformed fiscal year or a sequence that is not a
 *   positive safe integer.
 */
export function formatReceiptNumber(fiscalYear: string, sequence: number): string {
  fiscalYearStartFromLabel(fiscalYear)
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`Receipt sequence must be a positive integer, got ${sequence}`)
  }
  return `RCPT-${fiscalYear}-${String(sequence).padStart(RECEIPT_SEQUENCE_DIGITS, '0')}`
}

const RECEIPT_PATTERN = /^RCPT-(\d{4}\/\d{2})-(\d{6,})$/

/** Splits a receipt number into fiscal year and sequence; `null` if malformed. */
export function parseReceiptNumber(
  receiptNumber: string
): { fiscalYear: string; sequence: number } | null {
  const match = RECEIPT_PATTERN.exec(receiptNumber)
  if (!match) return null
  try {
    fiscalYearStartFromLabel(match[1])
  } catch {
    return null
  }
  const sequence = Number(match[2])
  return Number.isSafeInteger(sequence) && sequence > 0 ? { fiscalYear: match[1], sequence } : null
}

function donorViolations(donor: DonorInput): DonationViolation[] {
  if (!includes(DONOR_TYPES, donor.type)) {
    return [{ code: 'unknown_donor_type', field: 'donor.type' }]
  }
  if (isProhibitedDonorType(donor.type)) {
    return [
      {
        code: 'prohibited_donor',
        field: 'donor.type',
        clause: PROHIBITED_DONOR_CLAUSES[donor.type as ProhibitedDonorType],
      },
    ]
  }
  const violations: DonationViolation[] = []
  if (!isRealName(donor.name)) {
    violations.push({ code: 'anonymous_donor', field: 'donor.name', clause: 'g' })
  }
  if (donor.type === 'individual') {
    if (!present(donor.citizenshipNumber)) {
      violations.push({ code: 'anonymous_donor', field: 'donor.citizenshipNumber', clause: 'g' })
    } else if (!isValidCitizenshipNumber(donor.citizenshipNumber)) {
      violations.push({ code: 'invalid_citizenship_number', field: 'donor.citizenshipNumber' })
    }
    if (present(donor.pan) && !isValidPan(donor.pan)) {
      violations.push({ code: 'invalid_pan', field: 'donor.pan' })
    }
  } else if (!present(donor.pan)) {
    violations.push({ code: 'anonymous_donor', field: 'donor.pan', clause: 'g' })
  } else if (!isValidPan(donor.pan)) {
    violations.push({ code: 'invalid_pan', field: 'donor.pan' })
  }
  return violations
}

/**
 * Applies the donation rules to one donation.
 *
 * - The donor must be identified: a real name plus a citizenship number
 *   (individuals) or a 9-digit PAN (organisations); otherwise `anonymous_donor`
 *   (or `invalid_citizenship_number` / `invalid_pan` when present but malformed).
 * - Prohibited donor types are refused with `prohibited_donor`.
 * - The amount must be a positive whole number of paisa (`invalid_amount`).
 * - Above `limits.cashLimitPaisa` the money must come by cheque or bank
 *   transfer (`cash_above_limit`); exactly the limit is still allowed in cash.
 * - When `receivedOn` is given it must fall in `limits.fiscalYear`
 *   (`fiscal_year_mismatch`).
 *
 * All violations found are returned together. An accepted donation gets the
 * receipt number for `receiptSequence` (see {@link formatReceiptNumber}).
 *
 * @throws RangeError when `limits` or `receiptSequence` are malformed, or
 *   `receivedOn` is an invalid date or outside the calendar table: those are
 *   programming or configuration errors, not donor errors.
 */
export function evaluateDonation(
  input: DonationInput,
  limits: DonationLimits,
  receiptSequence: number
): DonationDecision {
  assertLimits(limits)
  const receiptNumber = formatReceiptNumber(limits.fiscalYear, receiptSequence)
  const violations = donorViolations(input.donor)

  const amount = input.amountPaisa
  const validAmount = Number.isSafeInteger(amount) && amount > 0
  if (!validAmount) violations.push({ code: 'invalid_amount', field: 'amountPaisa' })

  if (!includes(PAYMENT_METHODS, input.paymentMethod)) {
    violations.push({ code: 'unknown_payment_method', field: 'paymentMethod' })
  } else if (
    validAmount &&
    amount > limits.cashLimitPaisa &&
    !isBankingPaymentMethod(input.paymentMethod)
  ) {
    violations.push({ code: 'cash_above_limit', field: 'paymentMethod' })
  }

  if (input.receivedOn !== undefined) {
    if (fiscalYearFor(input.receivedOn).label !== limits.fiscalYear) {
      violations.push({ code: 'fiscal_year_mismatch', field: 'receivedOn' })
    }
  }

  if (violations.length > 0) return { ok: false, violations }
  return {
    ok: true,
    isAboveLimit: amount > limits.cashLimitPaisa,
    requiresDisclosure: amount > limits.disclosureThresholdPaisa,
    fiscalYear: limits.fiscalYear,
    receiptNumber,
  }
}
