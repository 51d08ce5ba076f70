/**
 * The heads under which a party's money is recorded and reported: the fund
 * sources of Political Parties Act 2073 s.37 and the expenditure categories
 * of the Election Commission's annual account forms (see docs/finances_reports.md).
 */

/**
 * Income other than donations (donations come from the `donations` table):
 * s.37 membership and renewal fees, event collections, sales of publications
 * and property, bank interest, levies on members holding posts, other.
 */
export const INCOME_SOURCES = [
  'membership_fees',
  'event_collections',
  'publication_property_sales',
  'bank_interest',
  'member_levies',
  'other',
] as const
export type IncomeSource = (typeof INCOME_SOURCES)[number]

/** The heads of income in the report, donations included, in the forms' order. */
export const REPORT_INCOME_HEADS = [
  'membership_fees',
  'donations',
  'event_collections',
  'publication_property_sales',
  'bank_interest',
  'member_levies',
  'other',
] as const
export type ReportIncomeHead = (typeof REPORT_INCOME_HEADS)[number]

/** Expenditure categories (heads of the annual account forms). */
export const EXPENDITURE_CATEGORIES = [
  'staff_salaries',
  'office_rent',
  'utilities_communication',
  'office_supplies',
  'travel_transport',
  'meetings_conventions',
  'training',
  'publicity_publications',
  'election_expenses',
  'repairs_maintenance',
  'fixed_assets',
  'grants_to_committees',
  'bank_charges',
  'other',
] as const
export type ExpenditureCategory = (typeof EXPENDITURE_CATEGORIES)[number]

export const PAYMENT_METHODS = ['cash', 'cheque', 'bank_transfer', 'digital_wallet'] as const
export type FinancePaymentMethod = (typeof PAYMENT_METHODS)[number]

/** Rs 100 crore: the largest single entry accepted (far below 2^53 paisa). */
export const MAX_ENTRY_PAISA = 1_000_000_000 * 100
