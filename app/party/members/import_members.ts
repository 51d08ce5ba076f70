import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { NEXT_MEMBERSHIP_ID_SQL } from '#party/members/membership_id'
import { createReadStream } from 'node:fs'
import { parse } from 'csv-parse'
import { fromSpreadsheetSafeText } from '#support/spreadsheet_cells'
import type { MessagesProviderContact } from '@vinejs/vine/types'
import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import { memberValidator } from '#validators/member'
import { districts, localLevels, provinces } from '#party/geography/nepal_geography'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import { normalizeNepaliText } from '#party/geography/nepali_text'
import { compactMemberCountsWhenDue } from '#party/members/member_counts'
import { tenantContext } from '#tenancy/tenant_context'
import type { AuditActor } from '#party/audit/audit_trail'

/** Rows written per INSERT while importing. */
const BATCH = 500
/** Row problems kept for the preview; the rest are only counted. */
const MAX_PROBLEMS = 100

export interface ImportProblem {
  /** Line in the file (the header is line 1). */
  line: number
  messages: string[]
}

export interface ImportCheck {
  rows: number
  valid: number
  invalid: number
  problems: ImportProblem[]
}

const byName = <T extends { name: string; name_np: string }>(list: readonly T[]) => {
  const map = new Map<string, T[]>()
  for (const item of list) {
    for (const key of [item.name.toLowerCase(), normalizeNepaliText(item.name_np)]) {
      map.set(key, [...(map.get(key) ?? []), item])
    }
  }
  return map
}
const PROVINCES = byName(provinces)
const DISTRICTS = byName(districts)
const LOCAL_LEVELS = byName(localLevels)

function lookup<T extends { id: number }>(
  map: Map<string, T[]>,
  value: unknown,
  fits: (item: T) => boolean = () => true
) {
  if (typeof value !== 'string' || !value.trim()) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text)
  const found = (map.get(text.toLowerCase()) ?? map.get(normalizeNepaliText(text)) ?? []).filter(
    fits
  )
  return found.length === 1 ? found[0].id : -1
}

/**
 * Turns a CSV row (the export's columns: places by English or Nepali name
 * or id, `yes`/`no` for is_active) into the member form's input.
 */
function formInput(row: Record<string, string>) {
  const provinceId = lookup(PROVINCES, row.province)
  const districtId = lookup(DISTRICTS, row.district, (d) => d.province_id === provinceId)
  const localLevelId = lookup(LOCAL_LEVELS, row.local_level, (l) => l.district_id === districtId)
  const active = (row.is_active ?? '').trim().toLowerCase()
  const blankToUndefined = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? undefined : value
  return {
    full_name: row.full_name,
    full_name_np: blankToUndefined(row.full_name_np),
    date_of_birth: blankToUndefined(fromDevanagariDigits(row.date_of_birth ?? '')),
    gender: row.gender,
    citizenship_number: row.citizenship_number,
    citizenship_issue_district_id: lookup(DISTRICTS, row.citizenship_issue_district),
    phone: blankToUndefined(row.phone),
    landline: blankToUndefined(row.landline),
    pan_number: blankToUndefined(row.pan_number),
    email: blankToUndefined(row.email),
    province_id: provinceId,
    district_id: districtId,
    local_level_id: localLevelId,
    ward_number: blankToUndefined(fromDevanagariDigits(row.ward_number ?? '')),
    permanent_address: blankToUndefined(row.permanent_address),
    membership_type: blankToUndefined(row.membership_type) ?? 'general',
    is_active: ['no', 'false', '0', 'होइन'].includes(active) ? false : true,
  }
}

/** The number part of the unique index members_citizenship_unique, in SQL. */
const CITIZENSHIP_KEY_SQL = `lower(regexp_replace(translate(citizenship_number, '०१२३४५६७८९', '0123456789'), '[^0-9A-Za-z]', '', 'g'))`

/** Good rows checked against the register per query. */
const HELD_CHECK_BATCH = 500

/** The database's key for citizenship uniqueness (see members_citizenship_unique). */
function citizenshipKey(districtId: number, number: string) {
  return `${districtId}:${fromDevanagariDigits(number)
    .replace(/[^0-9A-Za-z]/g, '')
    .toLowerCase()}`
}

type ValidRow = Awaited<ReturnType<typeof memberValidator.validate>>

/**
 * Reads the file row by row (streaming; the file is never held in memory)
 * and validates each row as the member form would, plus citizenship
 * numbers repeated in the file or already held by a member. Calls
 * `onValid` for each good row, in file order.
 */
async function walk(
  path: string,
  messagesProvider: MessagesProviderContact,
  duplicateMessage: string,
  onValid?: (row: ValidRow, line: number) => Promise<void>,
  // Inside the import's transaction, its client: the party's connection is held by it.
  client: QueryClientContract = db.connection(tenantContext.connectionName('importing members'))
): Promise<ImportCheck> {
  const check: ImportCheck = { rows: 0, valid: 0, invalid: 0, problems: [] }
  const problem = (line: number, messages: string[]) => {
    check.invalid++
    // The first MAX_PROBLEMS by line (rows checked against the register come a batch late).
    if (check.problems.length < MAX_PROBLEMS || line < check.problems.at(-1)!.line) {
      check.problems.push({ line, messages })
      check.problems.sort((a, b) => a.line - b.line)
      check.problems.length = Math.min(check.problems.length, MAX_PROBLEMS)
    }
  }
  // Numbers repeated within the file (the file's size, not the register's).
  const seen = new Set<string>()
  // Good rows waiting to be checked against numbers members already hold: one
  // query per batch through the unique index, never the whole register in memory.
  let pending: { row: ValidRow; line: number; key: string }[] = []
  const flush = async () => {
    if (pending.length === 0) return
    const held = await client.rawQuery(
      `select citizenship_issue_district_id || ':' || ${CITIZENSHIP_KEY_SQL} as key
         from members
        where deleted_at is null
          and (citizenship_issue_district_id, ${CITIZENSHIP_KEY_SQL})
              in (select * from unnest(?::int[], ?::text[]))`,
      [
        pending.map((item) => item.row.citizenship_issue_district_id),
        pending.map((item) => item.key.slice(item.key.indexOf(':') + 1)),
      ]
    )
    const taken = new Set<string>(held.rows.map((row: { key: string }) => row.key))
    const batch = pending
    pending = []
    for (const item of batch) {
      if (taken.has(item.key)) {
        problem(item.line, [duplicateMessage])
      } else {
        check.valid++
        if (onValid) await onValid(item.row, item.line)
      }
    }
  }
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      columns: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      // Our own exports guard formula-like text with an apostrophe: read it back.
      cast: (value) => fromSpreadsheetSafeText(value),
    })
  )
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    check.rows++
    const line = check.rows + 1
    const [error, valid] = await memberValidator.tryValidate(formInput(record), {
      messagesProvider,
    })
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      problem(
        line,
        (error.messages as { message: string }[]).map((m) => m.message)
      )
      continue
    }
    if (error) throw error
    const key = citizenshipKey(valid.citizenship_issue_district_id, valid.citizenship_number)
    if (seen.has(key)) {
      problem(line, [duplicateMessage])
      continue
    }
    seen.add(key)
    pending.push({ row: valid, line, key })
    if (pending.length >= HELD_CHECK_BATCH) await flush()
  }
  await flush()
  return check
}

/**
 * Checks a CSV file of members without writing anything.
 */
export function checkMembersCsv(
  path: string,
  messagesProvider: MessagesProviderContact,
  duplicateMessage: string
) {
  return walk(path, messagesProvider, duplicateMessage)
}

/**
 * Imports a CSV file of members in one transaction: nothing is written
 * when any row is bad, unless `skipInvalid`, which writes the good rows
 * only. Each member gets a membership id and an audit row.
 */
export async function importMembersCsv(
  path: string,
  options: {
    messagesProvider: MessagesProviderContact
    duplicateMessage: string
    skipInvalid: boolean
    actor: AuditActor
  }
) {
  const connection = db.connection(tenantContext.connectionName('importing members'))
  const first = await walk(path, options.messagesProvider, options.duplicateMessage)
  if (first.invalid > 0 && !options.skipInvalid) return { ...first, imported: 0 }

  const outcome = await connection.transaction(async (trx) => {
    let batch: ValidRow[] = []
    let imported = 0
    const flush = async () => {
      if (batch.length === 0) return
      const inserted = await trx
        .table('members')
        .multiInsert(
          batch.map((row) => ({
            membership_id: trx.raw(NEXT_MEMBERSHIP_ID_SQL),
            full_name: row.full_name,
            full_name_np: row.full_name_np || null,
            date_of_birth: row.date_of_birth.toISOString().slice(0, 10),
            gender: row.gender,
            citizenship_number: row.citizenship_number,
            citizenship_issue_district_id: row.citizenship_issue_district_id,
            phone: row.phone || null,
            landline: row.landline || null,
            pan_number: row.pan_number || null,
            email: row.email?.toLowerCase() || null,
            province_id: row.province_id,
            district_id: row.district_id,
            local_level_id: row.local_level_id,
            ward_number: row.ward_number,
            permanent_address: row.permanent_address || null,
            membership_type: row.membership_type,
            is_active: row.is_active ?? true,
          }))
        )
        .returning(['id', 'membership_id', 'full_name'])
      const audited = inserted as { id: number; membership_id: string; full_name: string }[]
      await trx.table('audit_logs').multiInsert(
        audited.map((member) => ({
          user_id: options.actor.userId,
          action: 'created',
          auditable_type: 'members',
          auditable_id: member.id,
          new_values: JSON.stringify({
            membership_id: member.membership_id,
            full_name: member.full_name,
            source: 'import',
          }),
          ip_address: options.actor.ipAddress,
          user_agent: options.actor.userAgent,
        }))
      )
      imported += inserted.length
      batch = []
    }
    const result = await walk(
      path,
      options.messagesProvider,
      options.duplicateMessage,
      async (row) => {
        batch.push(row)
        if (batch.length >= BATCH) await flush()
      },
      trx
    )
    await flush()
    return { ...result, imported }
  })
  // The import added a count delta per place and day it touched: fold them
  // now rather than on the next staff member's page.
  await compactMemberCountsWhenDue(connection)
  return outcome
}
