import tenancy from '#tenancy/services/tenancy'
import { nepalCalendarDate } from '#party/calendar/bikram_sambat'
import {
  ceilingStatus,
  expenseStatementDeadline,
  votePercentBasisPoints,
  type CeilingStatus,
} from '#party/campaigns/campaign_rules'

/** Candidates per page on a campaign's page; spending entries and events per page. */
export const CANDIDATES_PER_PAGE = 50
export const EXPENSES_PER_PAGE = 50
export const EVENTS_PER_PAGE = 25

/** SQL of a constituency's matching key (as the generated `constituency_key` columns). */
const KEY = (column: string) => `lower(regexp_replace(${column}, '\\s+', '', 'g'))`

export { pageOf } from '#support/page_number'

export function listCampaigns(page: number) {
  const client = tenancy.db()
  return client
    .from('election_campaigns as ec')
    .select(
      'ec.*',
      client.raw(
        '(select count(*)::int from candidates c where c.campaign_id = ec.id) as candidates'
      )
    )
    .orderByRaw('ec.election_date desc nulls last, ec.id desc')
    .paginate(page, 25)
}

/** A campaign of this party, or a 404. */
export function findCampaign(id: unknown) {
  return tenancy.db().from('election_campaigns').where('id', Number(id)).firstOrFail()
}

/**
 * Candidates with their member, spending, ceiling and count: one SQL
 * statement whatever the page size (sums and ceilings are subqueries on
 * indexed columns).
 */
function candidatesQuery(campaignId: number) {
  const client = tenancy.db()
  return client
    .from('candidates as c')
    .join('members as m', 'm.id', 'c.member_id')
    .leftJoin('election_results as r', (join) => {
      join.on('r.candidate_id', 'c.id').andOnNull('r.polling_station_id')
    })
    .joinRaw(
      `left join constituency_results cr
         on cr.campaign_id = c.campaign_id and cr.constituency_key = ${KEY('c.constituency')}`
    )
    .where('c.campaign_id', campaignId)
    .select(
      'c.*',
      'm.full_name',
      'm.full_name_np',
      'm.membership_id',
      'r.votes',
      'r.is_winner',
      'cr.total_valid_votes',
      client.raw(
        `(select coalesce(sum(e.amount_paisa), 0)::text from candidate_expenses e where e.candidate_id = c.id) as spent_paisa`
      ),
      client.raw(
        `(select s.amount_paisa::text from spending_ceilings s
           where s.campaign_id = c.campaign_id and s.election_system = c.election_system
             and s.constituency_key is not distinct from
                 (case when c.election_system = 'fptp' then ${KEY('c.constituency')} end)) as ceiling_paisa`
      )
    )
}

export interface CandidateView extends Record<string, any> {
  spentPaisa: bigint
  ceilingPaisa: bigint | null
  ceiling: CeilingStatus
  votePercent: bigint | null
}

function decorate(row: Record<string, any>, warnPercent: number): CandidateView {
  const spentPaisa = BigInt(row.spent_paisa)
  const ceilingPaisa = row.ceiling_paisa === null ? null : BigInt(row.ceiling_paisa)
  const hasCount = row.votes !== null && row.total_valid_votes !== null
  return {
    ...row,
    spentPaisa,
    ceilingPaisa,
    ceiling: ceilingStatus(spentPaisa, ceilingPaisa, warnPercent),
    votePercent:
      hasCount && row.votes <= row.total_valid_votes
        ? votePercentBasisPoints(row.votes, row.total_valid_votes)
        : null,
  }
}

/**
 * Candidates in ballot order: FPTP before PR; constituencies by name, then
 * by their number as a number (Kathmandu-2 before Kathmandu-10); PR by rank.
 */
const BALLOT_ORDER = `c.election_system,
  lower(regexp_replace(c.constituency, '[0-9]+\\s*$', '')),
  substring(c.constituency from '([0-9]{1,9})\\s*$')::int nulls first,
  c.constituency, c.pr_list_rank, c.id`

export async function candidatesPage(campaign: Record<string, any>, page: number) {
  const result = await candidatesQuery(campaign.id)
    .orderByRaw(BALLOT_ORDER)
    .paginate(page, CANDIDATES_PER_PAGE)
  const rows = result.all().map((row) => decorate(row, campaign.ceiling_warning_percent))
  return { paginator: result, rows }
}

/** One candidate of the campaign with spending, ceiling and count; 404 otherwise. */
export async function findCandidate(campaign: Record<string, any>, id: unknown) {
  const row = await candidatesQuery(campaign.id).where('c.id', Number(id)).firstOrFail()
  return decorate(row, campaign.ceiling_warning_percent)
}

/** Counts for a campaign's page: candidates by status, spending flags, total spent. */
export async function campaignSummary(campaign: Record<string, any>) {
  const rows = await candidatesQuery(campaign.id)
    .clearSelect()
    .select(
      'c.status',
      tenancy
        .db()
        .raw(
          `(select coalesce(sum(e.amount_paisa), 0)::text from candidate_expenses e where e.candidate_id = c.id) as spent_paisa`
        ),
      tenancy.db().raw(
        `(select s.amount_paisa::text from spending_ceilings s
         where s.campaign_id = c.campaign_id and s.election_system = c.election_system
           and s.constituency_key is not distinct from
               (case when c.election_system = 'fptp' then ${KEY('c.constituency')} end)) as ceiling_paisa`
      )
    )
  const summary = { candidates: 0, nominated: 0, warning: 0, over: 0, noCeiling: 0, spentPaisa: 0n }
  for (const row of rows) {
    const spent = BigInt(row.spent_paisa)
    const status = ceilingStatus(
      spent,
      row.ceiling_paisa === null ? null : BigInt(row.ceiling_paisa),
      campaign.ceiling_warning_percent
    )
    summary.candidates += 1
    if (row.status === 'nominated' || row.status === 'elected' || row.status === 'not_elected') {
      summary.nominated += 1
    }
    if (status.level === 'warning') summary.warning += 1
    if (status.level === 'over') summary.over += 1
    if (status.level === 'no_ceiling') summary.noCeiling += 1
    summary.spentPaisa += spent
  }
  return summary
}

/** The expense statement's due date and days left, today being the date in Nepal. */
export function statementDeadline(campaign: Record<string, any>, now = new Date()) {
  const today = nepalCalendarDate(now)
  const iso = `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`
  const declared = campaign.results_declared_on
  const declaredIso =
    declared instanceof Date
      ? `${declared.getFullYear()}-${String(declared.getMonth() + 1).padStart(2, '0')}-${String(declared.getDate()).padStart(2, '0')}`
      : (declared ?? null)
  return expenseStatementDeadline(declaredIso, campaign.expense_statement_days, iso)
}

export async function expensesPage(candidateId: number, page: number) {
  const client = tenancy.db()
  const [paginator, byCategory] = await Promise.all([
    client
      .from('candidate_expenses')
      .where('candidate_id', candidateId)
      .orderBy([
        { column: 'spent_on', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .paginate(page, EXPENSES_PER_PAGE),
    client
      .from('candidate_expenses')
      .where('candidate_id', candidateId)
      .groupBy('category')
      .orderBy('category')
      .select('category', client.raw('sum(amount_paisa)::text as total')),
  ])
  return {
    paginator,
    rows: paginator.all().map((row) => ({ ...row, amountPaisa: BigInt(row.amount_paisa) })),
    byCategory: byCategory.map((row) => ({ category: row.category, total: BigInt(row.total) })),
  }
}

export async function eventsPage(campaignId: number, page: number) {
  const paginator = await tenancy
    .db()
    .from('campaign_events as ev')
    .leftJoin('candidates as c', 'c.id', 'ev.candidate_id')
    .leftJoin('members as m', 'm.id', 'c.member_id')
    .where('ev.campaign_id', campaignId)
    .select('ev.*', 'm.full_name as candidate_name', 'm.full_name_np as candidate_name_np')
    .orderBy([
      { column: 'ev.starts_at', order: 'asc' },
      { column: 'ev.id', order: 'asc' },
    ])
    .paginate(page, EVENTS_PER_PAGE)
  return { paginator, rows: paginator.all() }
}

export function findEvent(campaignId: number, id: unknown) {
  return tenancy
    .db()
    .from('campaign_events')
    .where({ campaign_id: campaignId, id: Number(id) })
    .firstOrFail()
}

export async function ceilingsOf(campaignId: number) {
  const rows = await tenancy
    .db()
    .from('spending_ceilings')
    .where('campaign_id', campaignId)
    .orderBy([
      { column: 'election_system', order: 'asc' },
      { column: 'constituency_key', order: 'asc' },
    ])
    .select('*')
  // Kathmandu-2 before Kathmandu-10; PR (no constituency) after FPTP, as the query ordered.
  const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
  return rows
    .sort(
      (a, b) =>
        a.election_system.localeCompare(b.election_system) ||
        natural.compare(a.constituency ?? '', b.constituency ?? '')
    )
    .map((row) => ({ ...row, amountPaisa: BigInt(row.amount_paisa) }))
}

/** Candidates of a campaign for a select (events): id and name, in ballot order. */
export function candidateOptions(campaignId: number) {
  return tenancy
    .db()
    .from('candidates as c')
    .join('members as m', 'm.id', 'c.member_id')
    .where('c.campaign_id', campaignId)
    .whereNotIn('c.status', ['withdrawn', 'rejected'])
    .orderByRaw(BALLOT_ORDER)
    .select('c.id', 'c.constituency', 'c.pr_list_rank', 'm.full_name', 'm.full_name_np')
    .limit(2000)
}
