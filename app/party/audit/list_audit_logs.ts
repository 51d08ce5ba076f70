import vine from '@vinejs/vine'
import tenancy from '#tenancy/services/tenancy'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'

export const AUDIT_PER_PAGE = 50

const filtersValidator = vine.create({
  user_id: vine.number().withoutDecimals().positive().max(2_147_483_647).optional(),
  module: vine.string().trim().maxLength(100).optional(),
  action: vine.string().trim().maxLength(50).optional(),
  /** AD dates, `YYYY-MM-DD`, read as days in Nepal. */
  from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  to: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  /** Keyset cursor: the id of the last entry of the previous page. */
  before: vine.number().withoutDecimals().positive().optional(),
})

export interface AuditFilters {
  user_id?: number
  module?: string
  action?: string
  from?: string
  to?: string
  before?: number
}

/** Reads the filters field by field, dropping what is not valid (a search form). */
export async function parseAuditFilters(raw: Record<string, unknown>): Promise<AuditFilters> {
  const filters: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (value === '' || value === null || value === undefined) continue
    const input = typeof value === 'string' ? fromDevanagariDigits(value) : value
    const [error, valid] = await filtersValidator.tryValidate({ [key]: input })
    if (error || !(key in valid)) continue
    const parsed = valid[key as keyof typeof valid]
    filters[key] = parsed instanceof Date ? String(input).trim() : parsed
  }
  return filters as AuditFilters
}

/**
 * One page of the party's audit log, newest first, with keyset pagination on
 * the id (the log can hold millions of rows; each filter has a (column, id)
 * index, migration 0057). Days are Nepal days.
 */
export async function listAuditLogs(filters: AuditFilters) {
  const client = tenancy.db()
  const query = client
    .from('audit_logs')
    .leftJoin('users', 'users.id', 'audit_logs.user_id')
    .select(
      'audit_logs.id',
      'audit_logs.user_id',
      'audit_logs.action',
      'audit_logs.auditable_type',
      'audit_logs.auditable_id',
      'audit_logs.old_values',
      'audit_logs.new_values',
      client.raw('host(audit_logs.ip_address) as ip'),
      client.raw(
        `to_char(audit_logs.created_at at time zone 'Asia/Kathmandu', 'YYYY-MM-DD HH24:MI') as at`
      ),
      'users.full_name as user_name',
      'users.full_name_np as user_name_np'
    )
    .orderBy('audit_logs.id', 'desc')
    .limit(AUDIT_PER_PAGE + 1)
  if (filters.user_id) query.where('audit_logs.user_id', filters.user_id)
  if (filters.module) query.where('audit_logs.auditable_type', filters.module)
  if (filters.action) query.where('audit_logs.action', filters.action)
  if (filters.from) {
    query.whereRaw(`audit_logs.created_at >= (?::date)::timestamp at time zone 'Asia/Kathmandu'`, [
      filters.from,
    ])
  }
  if (filters.to) {
    query.whereRaw(
      `audit_logs.created_at < (?::date + 1)::timestamp at time zone 'Asia/Kathmandu'`,
      [filters.to]
    )
  }
  if (filters.before) query.where('audit_logs.id', '<', filters.before)
  const rows = await query
  const more = rows.length > AUDIT_PER_PAGE
  const shown = rows.slice(0, AUDIT_PER_PAGE).map((row) => ({
    ...row,
    id: Number(row.id),
    changed: Object.keys({ ...(row.old_values ?? {}), ...(row.new_values ?? {}) }),
  }))
  return { rows: shown, nextBefore: more ? shown.at(-1)!.id : null }
}

/**
 * The distinct values of a column of the log, walking its index (a loose
 * index scan), so the filter choices cost a few lookups, not a full scan.
 */
async function distinctValues(column: 'auditable_type' | 'action') {
  const result = await tenancy.db().rawQuery(
    `with recursive walk as (
       select min(${column}) as value from audit_logs
       union all
       select (select min(${column}) from audit_logs where ${column} > walk.value)
         from walk where walk.value is not null
     )
     select value from walk where value is not null`
  )
  return result.rows.map((row: { value: string }) => row.value) as string[]
}

/** The choices of the filter form: staff, modules and actions present in the log. */
export async function auditFilterChoices() {
  const [users, modules, actions] = await Promise.all([
    tenancy.db().from('users').orderBy('full_name').select('id', 'full_name', 'full_name_np'),
    distinctValues('auditable_type'),
    distinctValues('action'),
  ])
  return { users, modules, actions }
}

export interface DiffLine {
  field: string
  old: string | null
  new: string | null
  changed: boolean
}

const show = (value: unknown) =>
  value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value, null, 1)

/**
 * Old and new values of one entry side by side, field by field (every field
 * either side has, in order of appearance), marking those that differ.
 */
export function auditDiff(
  oldValues: Record<string, unknown> | null,
  newValues: Record<string, unknown> | null
): DiffLine[] {
  const before = oldValues ?? {}
  const after = newValues ?? {}
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  return fields.map((field) => {
    const old = field in before ? show(before[field]) : null
    const next = field in after ? show(after[field]) : null
    return { field, old, new: next, changed: old !== next }
  })
}

/** One entry of the log with its author, or null. */
export async function findAuditLog(id: number) {
  const client = tenancy.db()
  const row = await client
    .from('audit_logs')
    .leftJoin('users', 'users.id', 'audit_logs.user_id')
    .where('audit_logs.id', id)
    .select(
      'audit_logs.*',
      client.raw('host(audit_logs.ip_address) as ip'),
      client.raw(
        `to_char(audit_logs.created_at at time zone 'Asia/Kathmandu', 'YYYY-MM-DD HH24:MI:SS') as at`
      ),
      'users.full_name as user_name',
      'users.full_name_np as user_name_np',
      'users.email as user_email'
    )
    .first()
  return row ?? null
}
