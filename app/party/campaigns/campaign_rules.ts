/**
 * Pure rules of the election campaign module: spending against a ceiling,
 * vote percentages, the nomination workflow and the expense statement's
 * deadline. Money is integer paisa and counts are whole numbers; all
 * arithmetic is on bigint, so no float error can move a boundary.
 */

export const ELECTION_TYPES = ['federal', 'provincial', 'local'] as const
export const CAMPAIGN_STATUSES = ['planning', 'active', 'completed', 'cancelled'] as const
export const ELECTION_SYSTEMS = ['fptp', 'pr'] as const
export type ElectionSystem = (typeof ELECTION_SYSTEMS)[number]
export const CANDIDATE_STATUSES = [
  'proposed',
  'nominated',
  'withdrawn',
  'rejected',
  'elected',
  'not_elected',
] as const
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number]
export const EVENT_TYPES = [
  'rally',
  'corner_meeting',
  'door_to_door',
  'town_hall',
  'press_conference',
  'other',
] as const
export const EVENT_STATUSES = ['planned', 'completed', 'cancelled'] as const
/** Headings of the Election Commission's expense statement. */
export const EXPENSE_CATEGORIES = [
  'voter_list',
  'transport',
  'publicity',
  'meetings',
  'office',
  'representatives',
  'other',
] as const

/** Default share of the ceiling at which spending is flagged (a campaign setting). */
export const DEFAULT_CEILING_WARNING_PERCENT = 80
/** Default days after the results to file the expense statement (a campaign setting; 35 in 2079). */
export const DEFAULT_EXPENSE_STATEMENT_DAYS = 35

export type CeilingLevel = 'no_ceiling' | 'ok' | 'warning' | 'over'

export interface CeilingStatus {
  level: CeilingLevel
  /** Spent as a share of the ceiling in hundredths of a percent, rounded down (8000 = 80.00 %). */
  basisPoints: bigint | null
  /** What is left under the ceiling (negative when over). */
  remainingPaisa: bigint | null
}

/**
 * Where a candidate's spending stands against the ceiling:
 * - `warning` when spent ≥ warnPercent % of the ceiling (exactly 80 % warns,
 *   79.99 % does not) and not above the ceiling — reaching the ceiling
 *   exactly is still a warning, not a breach;
 * - `over` when spent > ceiling;
 * - `no_ceiling` when no ceiling is recorded for the candidate.
 */
export function ceilingStatus(
  spentPaisa: bigint,
  ceilingPaisa: bigint | null,
  warnPercent: number
): CeilingStatus {
  if (!Number.isInteger(warnPercent) || warnPercent < 1 || warnPercent > 100) {
    throw new RangeError(`Warning percent must be a whole number 1–100, got ${warnPercent}`)
  }
  if (ceilingPaisa === null) return { level: 'no_ceiling', basisPoints: null, remainingPaisa: null }
  if (ceilingPaisa <= 0n) throw new RangeError('A ceiling must be above zero')
  const basisPoints = (spentPaisa * 10_000n) / ceilingPaisa
  const remainingPaisa = ceilingPaisa - spentPaisa
  let level: CeilingLevel = 'ok'
  if (spentPaisa > ceilingPaisa) level = 'over'
  else if (spentPaisa * 100n >= ceilingPaisa * BigInt(warnPercent)) level = 'warning'
  return { level, basisPoints, remainingPaisa }
}

/**
 * A candidate's share of the valid votes in hundredths of a percent,
 * rounded half up (1 of 3 → 3333, 2 of 3 → 6667); null when no valid
 * votes were counted (0 of 0 is no percentage, not 0 % or NaN).
 * @throws RangeError for negative counts or more votes than the total.
 */
export function votePercentBasisPoints(votes: number, totalValidVotes: number): bigint | null {
  if (!Number.isSafeInteger(votes) || !Number.isSafeInteger(totalValidVotes)) {
    throw new RangeError('Vote counts must be whole numbers')
  }
  if (votes < 0 || totalValidVotes < 0) throw new RangeError('Vote counts cannot be negative')
  if (votes > totalValidVotes) throw new RangeError('Votes cannot exceed the valid votes counted')
  if (totalValidVotes === 0) return null
  const total = BigInt(totalValidVotes)
  return (BigInt(votes) * 20_000n + total) / (2n * total)
}

/** `8000n` → `'80.00'`: hundredths of a percent as a decimal string. */
export function basisPointsText(basisPoints: bigint): string {
  const sign = basisPoints < 0n ? '-' : ''
  const abs = basisPoints < 0n ? -basisPoints : basisPoints
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

/**
 * Nomination workflow: proposed → nominated (or withdrawn / rejected);
 * nominated → withdrawn, rejected, elected or not_elected; a withdrawn
 * candidate may be proposed again; elected ↔ not_elected corrects a
 * result. Rejection by the election office is final.
 */
const TRANSITIONS: Record<CandidateStatus, readonly CandidateStatus[]> = {
  proposed: ['nominated', 'withdrawn', 'rejected'],
  nominated: ['withdrawn', 'rejected', 'elected', 'not_elected'],
  withdrawn: ['proposed'],
  rejected: [],
  elected: ['not_elected'],
  not_elected: ['elected'],
}

export function nextStatuses(status: CandidateStatus): readonly CandidateStatus[] {
  return TRANSITIONS[status] ?? []
}

export function canMoveTo(from: CandidateStatus, to: CandidateStatus): boolean {
  return nextStatuses(from).includes(to)
}

/** Lower case, whitespace removed: how constituencies are matched (as the database's `constituency_key`). */
export function constituencyKey(constituency: string): string {
  return constituency.replace(/\s+/g, '').toLowerCase()
}

export interface StatementDeadline {
  /** `YYYY-MM-DD` (AD), or null while the results are not declared. */
  dueOn: string | null
  /** Whole days from today (in Nepal) to the due date; negative when overdue. */
  daysLeft: number | null
}

/**
 * The election expense statement is due `days` days after the results were
 * declared (`YYYY-MM-DD`); `today` is the calendar date in Nepal.
 */
export function expenseStatementDeadline(
  resultsDeclaredOn: string | null,
  days: number,
  today: string
): StatementDeadline {
  if (!resultsDeclaredOn) return { dueOn: null, daysLeft: null }
  const declared = Date.parse(`${resultsDeclaredOn}T00:00:00Z`)
  const now = Date.parse(`${today}T00:00:00Z`)
  if (Number.isNaN(declared) || Number.isNaN(now)) throw new RangeError('Invalid date')
  const due = declared + days * 86_400_000
  return {
    dueOn: new Date(due).toISOString().slice(0, 10),
    daysLeft: Math.round((due - now) / 86_400_000),
  }
}
