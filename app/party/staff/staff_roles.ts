import { AuthorizationResponse } from '@adonisjs/bouncer'

/**
 * Roles of a party's staff, from most to least privileged. What each may do
 * is decided by the policies in app/policies.
 */
export const STAFF_ROLES = ['admin', 'secretary', 'treasurer', 'data_entry', 'viewer'] as const

export type StaffRole = (typeof STAFF_ROLES)[number]

/** Roles that may add and edit members. */
export const MEMBER_WRITER_ROLES: readonly StaffRole[] = ['admin', 'secretary', 'data_entry']

/** Roles that may change campaigns, candidates, events, spending and results. */
export const CAMPAIGN_WRITER_ROLES: readonly StaffRole[] = ['admin', 'secretary']
/** Roles that may create and change committees and seat members on them. */
export const COMMITTEE_WRITER_ROLES: readonly StaffRole[] = ['admin', 'secretary']
/** Roles that record expenditure and income and make financial reports. */
export const FINANCE_WRITER_ROLES: readonly StaffRole[] = ['admin', 'treasurer']

/** Roles that read the audit log. */
export const AUDIT_READER_ROLES: readonly StaffRole[] = ['admin', 'secretary']

/**
 * A policy verdict: allowed, or denied with the translated message
 * (`auth.forbidden`) bouncer shows the person.
 */
export function allowIf(condition: boolean) {
  return condition || AuthorizationResponse.deny('Access denied', 403).t('auth.forbidden')
}

/** Roles that may record donations: the treasurer, an admin, and the office's data entry clerk. */
export const DONATION_RECORDER_ROLES: readonly StaffRole[] = ['admin', 'treasurer', 'data_entry']

/** Roles that keep the party's accounts: verify, delete unverified entries, export. */
export const FINANCE_ROLES: readonly StaffRole[] = ['admin', 'treasurer']
