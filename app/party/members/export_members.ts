import type { Writable } from 'node:stream'
import { streamQueryAsCsv } from '#support/spreadsheet_cells'
import db from '@adonisjs/lucid/services/db'
import { membersQuery, type MemberFilters } from '#party/members/list_members'

/** Columns of the CSV export, in order; the header row uses these names. */
export const EXPORT_COLUMNS = [
  'membership_id',
  'full_name',
  'full_name_np',
  'gender',
  'date_of_birth',
  'citizenship_number',
  'citizenship_issue_district',
  'phone',
  'landline',
  'pan_number',
  'email',
  'province',
  'district',
  'local_level',
  'ward_number',
  'permanent_address',
  'membership_type',
  'membership_date',
  'is_active',
] as const

/**
 * Streams the members matching the filters as CSV (UTF-8 with a BOM, so
 * spreadsheet programs read Devanagari correctly) into `output`: rows flow
 * from a database cursor, so memory stays flat at 100,000 members.
 * Resolves with the number of rows written once the output has them all.
 */
export async function exportMembersCsv(
  filters: MemberFilters,
  output: Writable,
  options: { end?: boolean } = {}
) {
  const query = membersQuery(filters)
    .join('provinces', 'provinces.id', 'members.province_id')
    .join('districts', 'districts.id', 'members.district_id')
    .join('local_levels', 'local_levels.id', 'members.local_level_id')
    .leftJoin('districts as issued', 'issued.id', 'members.citizenship_issue_district_id')
    .select(
      'members.membership_id',
      'members.full_name',
      'members.full_name_np',
      'members.gender',
      db.raw(`to_char(members.date_of_birth, 'YYYY-MM-DD') as date_of_birth`),
      'members.citizenship_number',
      'issued.name as citizenship_issue_district',
      'members.phone',
      'members.landline',
      'members.pan_number',
      'members.email',
      'provinces.name as province',
      'districts.name as district',
      'local_levels.name as local_level',
      'members.ward_number',
      'members.permanent_address',
      'members.membership_type',
      db.raw(`to_char(members.membership_date, 'YYYY-MM-DD') as membership_date`),
      'members.is_active'
    )
    .orderBy('members.id')
  return streamQueryAsCsv(query, EXPORT_COLUMNS, output, options)
}
