import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { parseRupeesToPaisa } from '#party/donations/donation_amount'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import { nepalLocalToInstant } from '#party/campaigns/nepal_time'
import {
  CAMPAIGN_STATUSES,
  CANDIDATE_STATUSES,
  ELECTION_SYSTEMS,
  ELECTION_TYPES,
  EVENT_STATUSES,
  EVENT_TYPES,
  EXPENSE_CATEGORIES,
} from '#party/campaigns/campaign_rules'

/** Highest count of votes accepted: far above any constituency of Nepal, far below int4. */
export const MAX_VOTES = 100_000_000

/**
 * Rupees as a person types them (Devanagari digits, lakh grouping) → integer
 * paisa; NaN, negative, zero, exponents and more than 2 decimals are
 * reported with the parser's problem code as the rule.
 */
const rupees = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  const parsed = parseRupeesToPaisa(value)
  if (!parsed.ok) {
    field.report('The {{ field }} field is not an amount of money', parsed.problem, field)
    return
  }
  field.mutate(parsed.paisa, field)
})

/** A whole count typed with ASCII or Devanagari digits, 0 to MAX_VOTES. */
const voteCount = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  const text = fromDevanagariDigits(String(value ?? '').trim()).replace(/,/g, '')
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) > MAX_VOTES) {
    field.report('The {{ field }} field must be a whole number of votes', 'vote_count', field)
    return
  }
  field.mutate(Number(text), field)
})

/** Nepal wall-clock time from a datetime-local input → the instant. */
const nepalDateTime = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    const instant = typeof value === 'string' ? nepalLocalToInstant(value) : null
    if (!instant) {
      field.report('The {{ field }} field must be a date and time', 'datetime', field)
      return
    }
    field.mutate(instant, field)
  }
)

/** The value a rule above mutated, with its real type. */
const asPaisa = (value: unknown) => value as number
const asCount = (value: unknown) => value as number
const asInstant = (value: unknown) => value as Date

const isoDate = () =>
  vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrEqual('1943-04-14')
    .beforeOrEqual('2034-04-13')

export const campaignValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(200),
  name_np: vine.string().trim().maxLength(200).nullable().optional(),
  election_type: vine.enum(ELECTION_TYPES),
  is_by_election: vine.boolean().optional(),
  election_date: isoDate().nullable().optional(),
  status: vine.enum(CAMPAIGN_STATUSES),
  notes: vine.string().trim().maxLength(5000).nullable().optional(),
  results_declared_on: isoDate().nullable().optional(),
  expense_statement_filed_on: isoDate().nullable().optional(),
  expense_statement_days: vine.number().withoutDecimals().min(1).max(365),
  ceiling_warning_percent: vine.number().withoutDecimals().min(1).max(100),
})

export const candidateValidator = vine.create({
  membership_id: vine
    .string()
    .trim()
    .maxLength(30)
    .transform((value) => fromDevanagariDigits(value).toUpperCase()),
  election_system: vine.enum(ELECTION_SYSTEMS),
  constituency: vine.string().trim().maxLength(150).nullable().optional(),
  pr_list_rank: vine.number().withoutDecimals().min(1).max(32_767).nullable().optional(),
  province_id: vine.number().withoutDecimals().min(1).max(7).nullable().optional(),
})

export const candidateStatusValidator = vine.create({
  status: vine.enum(CANDIDATE_STATUSES),
})

export const expenseValidator = vine.create({
  spent_on: isoDate(),
  category: vine.enum(EXPENSE_CATEGORIES),
  amount: vine.string().use(rupees()).transform(asPaisa),
  description: vine.string().trim().minLength(2).maxLength(500),
  payee: vine.string().trim().maxLength(200).nullable().optional(),
  voucher_number: vine.string().trim().maxLength(100).nullable().optional(),
})

export const eventValidator = vine.create({
  title: vine.string().trim().minLength(2).maxLength(200),
  title_np: vine.string().trim().maxLength(200).nullable().optional(),
  event_type: vine.enum(EVENT_TYPES),
  starts_at: vine.string().use(nepalDateTime()).transform(asInstant),
  ends_at: vine.string().use(nepalDateTime()).transform(asInstant).nullable().optional(),
  location: vine.string().trim().maxLength(255).nullable().optional(),
  candidate_id: vine.number().withoutDecimals().positive().nullable().optional(),
  status: vine.enum(EVENT_STATUSES),
  description: vine.string().trim().maxLength(5000).nullable().optional(),
})

export const ceilingValidator = vine.create({
  election_system: vine.enum(ELECTION_SYSTEMS),
  constituency: vine.string().trim().maxLength(150).nullable().optional(),
  amount: vine.string().use(rupees()).transform(asPaisa),
})

export const ceilingAmountValidator = vine.create({
  amount: vine.string().use(rupees()).transform(asPaisa),
})

export const resultValidator = vine.create({
  candidate_id: vine.number().withoutDecimals().positive(),
  votes: vine.string().use(voteCount()).transform(asCount),
  total_valid_votes: vine.string().use(voteCount()).transform(asCount),
  is_winner: vine.boolean().optional(),
})
