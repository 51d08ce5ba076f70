/**
 * Membership ids: `M-` and the party's sequence number, at least six digits
 * (`M-000042`), never cut short (`M-1000000` after M-999999: a party of a
 * million members keeps unique ids).
 */
export function formatMembershipId(sequenceNumber: number | string | bigint) {
  return `M-${String(sequenceNumber).padStart(6, '0')}`
}

/**
 * The same, in SQL, taking the party's next sequence number. (`lpad(x, 6)`
 * alone would truncate a seven-digit number to six: M-1000001 → M-100000.)
 */
export const NEXT_MEMBERSHIP_ID_SQL = `(select 'M-' || lpad(n::text, greatest(6, length(n::text)), '0')
  from (select nextval('members_membership_number_seq') as n) next)`
