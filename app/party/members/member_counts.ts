import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { MemberFilters } from '#party/members/list_members'

/**
 * Member counts read from the tables template migration 0058 keeps by
 * triggers (`member_area_counts`, `member_day_counts`): a few thousand rows
 * instead of a count over the whole register.
 */

/** Deltas waiting to be folded beyond which a read folds them first. */
export const COMPACT_AFTER_DELTAS = 500

/**
 * Whether the count for these filters can be read from the area counts:
 * any mix of province, district, local level, membership type, active and
 * deleted can; a search text or a ward cannot (those lists are small and
 * counted from the register through their indexes).
 */
export function countableFromSummary(filters: MemberFilters) {
  return !filters.q && !filters.ward_number
}

/** The number of members for filters that countableFromSummary accepts. */
export async function summaryMemberCount(client: QueryClientContract, filters: MemberFilters) {
  const query = client.from('member_area_counts').where('deleted', Boolean(filters.deleted))
  if (filters.province_id) query.where('province_id', filters.province_id)
  if (filters.district_id) query.where('district_id', filters.district_id)
  if (filters.local_level_id) query.where('local_level_id', filters.local_level_id)
  if (filters.membership_type) query.where('membership_type', filters.membership_type)
  if (filters.active) query.where('is_active', filters.active === '1')
  const row = await query.select(client.raw('coalesce(sum(members), 0)::bigint as total')).first()
  return Number(row.total)
}

/**
 * Folds the deltas into one row per key when more than COMPACT_AFTER_DELTAS
 * wait, so reads stay small however many writes came before. Two readers
 * never fold at once (the second skips: a transaction-scoped advisory lock
 * of this database); folding beside writers is safe (see the migration).
 * Returns whether it folded.
 */
export async function compactMemberCountsWhenDue(
  client: QueryClientContract,
  threshold = COMPACT_AFTER_DELTAS
) {
  const pending = await client.rawQuery<{ rows: Array<{ due: boolean }> }>(
    `select (select count(*) from (select 1 from member_area_counts where not compacted
                                     limit ${threshold + 1}) area) > ${threshold}
         or (select count(*) from (select 1 from member_day_counts where not compacted
                                     limit ${threshold + 1}) days) > ${threshold} as due`
  )
  if (!pending.rows[0]?.due) return false
  return client.transaction(async (trx) => {
    const lock = await trx.rawQuery<{ rows: Array<{ locked: boolean }> }>(
      `select pg_try_advisory_xact_lock(hashtext('member_counts_compact')) as locked`
    )
    if (!lock.rows[0]?.locked) return false
    await trx.rawQuery('select member_counts_compact()')
    return true
  })
}
