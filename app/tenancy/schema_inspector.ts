import { createHash } from 'node:crypto'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { TRACKING_TABLE_PREFIX } from '#tenancy/layers'

export interface ColumnShape {
  type: string
  nullable: boolean
  default: string | null
}

export interface TableShape {
  columns: Record<string, ColumnShape>
  indexes: Record<string, string>
  constraints: Record<string, string>
  triggers: Record<string, string>
}

/**
 * Canonical description of a tenant database's public schema.
 */
export interface SchemaSnapshot {
  tables: Record<string, TableShape>
  enums: Record<string, string[]>
  functions: Record<string, string>
}

export interface ObjectChange<T> {
  before: T
  after: T
}

export interface TableDrift {
  columns: {
    added: Record<string, ColumnShape>
    removed: Record<string, ColumnShape>
    changed: Record<string, ObjectChange<ColumnShape>>
  }
  indexes: {
    added: Record<string, string>
    removed: Record<string, string>
    changed: Record<string, ObjectChange<string>>
  }
  constraints: {
    added: Record<string, string>
    removed: Record<string, string>
    changed: Record<string, ObjectChange<string>>
  }
  triggers: {
    added: Record<string, string>
    removed: Record<string, string>
    changed: Record<string, ObjectChange<string>>
  }
}

/**
 * Structured difference between a baseline snapshot and the live schema.
 */
export interface DriftReport {
  hasDrift: boolean
  baselineHash: string | null
  currentHash: string
  tables: { added: string[]; removed: string[]; changed: Record<string, TableDrift> }
  enums: { added: string[]; removed: string[]; changed: Record<string, ObjectChange<string[]>> }
  functions: { added: string[]; removed: string[]; changed: string[] }
}

/**
 * Reads a tenant database's schema from pg_catalog into a canonical form
 * (sorted keys), hashes it, and compares snapshots.
 */
export class SchemaInspector {
  async snapshot(client: QueryClientContract): Promise<SchemaSnapshot> {
    const excluded = `${TRACKING_TABLE_PREFIX.replaceAll('_', '\\_')}%`
    const rows = async <T>(sql: string, bindings: unknown[] = []) => {
      const result = await client.rawQuery(sql, bindings as never[])
      return result.rows as T[]
    }

    const tables = await rows<{ table_name: string }>(
      `select c.relname as table_name from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname not like ?`,
      [excluded]
    )
    const columns = await rows<{
      table_name: string
      column_name: string
      type: string
      not_null: boolean
      default_value: string | null
    }>(
      `select c.relname as table_name, a.attname as column_name,
              format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
              pg_get_expr(d.adbin, d.adrelid) as default_value
         from pg_attribute a
         join pg_class c on c.oid = a.attrelid
         join pg_namespace n on n.oid = c.relnamespace
         left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0
          and not a.attisdropped and c.relname not like ?`,
      [excluded]
    )
    const indexes = await rows<{ table_name: string; index_name: string; definition: string }>(
      `select tablename as table_name, indexname as index_name, indexdef as definition
         from pg_indexes where schemaname = 'public' and tablename not like ?`,
      [excluded]
    )
    const constraints = await rows<{ table_name: string; name: string; definition: string }>(
      `select c.relname as table_name, con.conname as name,
              pg_get_constraintdef(con.oid, true) as definition
         from pg_constraint con
         join pg_class c on c.oid = con.conrelid
         join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname not like ?`,
      [excluded]
    )
    const triggers = await rows<{ table_name: string; name: string; definition: string }>(
      `select c.relname as table_name, t.tgname as name, pg_get_triggerdef(t.oid, true) as definition
         from pg_trigger t
         join pg_class c on c.oid = t.tgrelid
         join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and not t.tgisinternal and c.relname not like ?`,
      [excluded]
    )
    const enums = await rows<{ name: string; labels: string[] }>(
      `select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
         from pg_type t
         join pg_enum e on e.enumtypid = t.oid
         join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = 'public'
        group by t.typname`
    )
    const functions = await rows<{ signature: string; source_hash: string }>(
      `select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as signature,
              md5(pg_get_functiondef(p.oid)) as source_hash
         from pg_proc p
         join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.prokind in ('f', 'p')`
    )

    const snapshot: SchemaSnapshot = { tables: {}, enums: {}, functions: {} }
    for (const { table_name: name } of tables) {
      snapshot.tables[name] = { columns: {}, indexes: {}, constraints: {}, triggers: {} }
    }
    for (const column of columns) {
      const table = snapshot.tables[column.table_name]
      if (!table) continue
      table.columns[column.column_name] = {
        type: column.type,
        nullable: !column.not_null,
        default: column.default_value,
      }
    }
    for (const index of indexes) {
      const table = snapshot.tables[index.table_name]
      if (table) table.indexes[index.index_name] = index.definition
    }
    for (const constraint of constraints) {
      const table = snapshot.tables[constraint.table_name]
      if (table) table.constraints[constraint.name] = constraint.definition
    }
    for (const trigger of triggers) {
      const table = snapshot.tables[trigger.table_name]
      if (table) table.triggers[trigger.name] = trigger.definition
    }
    for (const row of enums) snapshot.enums[row.name] = row.labels
    for (const row of functions) snapshot.functions[row.signature] = row.source_hash

    return canonicalize(snapshot) as SchemaSnapshot
  }

  /**
   * SHA-256 of the snapshot's canonical JSON.
   */
  hash(snapshot: SchemaSnapshot) {
    return createHash('sha256').update(canonicalJson(snapshot)).digest('hex')
  }

  /**
   * What changed from `baseline` to `current`.
   */
  diff(baseline: SchemaSnapshot | null, current: SchemaSnapshot): DriftReport {
    const before = baseline ?? { tables: {}, enums: {}, functions: {} }
    const report: DriftReport = {
      hasDrift: false,
      baselineHash: baseline ? this.hash(baseline) : null,
      currentHash: this.hash(current),
      tables: { added: [], removed: [], changed: {} },
      enums: { added: [], removed: [], changed: {} },
      functions: { added: [], removed: [], changed: [] },
    }

    const tableNames = union(before.tables, current.tables)
    for (const name of tableNames) {
      const a = before.tables[name]
      const b = current.tables[name]
      if (!a) report.tables.added.push(name)
      else if (!b) report.tables.removed.push(name)
      else {
        const drift: TableDrift = {
          columns: diffRecords(a.columns, b.columns),
          indexes: diffRecords(a.indexes, b.indexes),
          constraints: diffRecords(a.constraints, b.constraints),
          triggers: diffRecords(a.triggers, b.triggers),
        }
        if (Object.values(drift).some((part) => !isEmptyDiff(part))) {
          report.tables.changed[name] = drift
        }
      }
    }

    for (const name of union(before.enums, current.enums)) {
      const a = before.enums[name]
      const b = current.enums[name]
      if (!a) report.enums.added.push(name)
      else if (!b) report.enums.removed.push(name)
      else if (canonicalJson(a) !== canonicalJson(b))
        report.enums.changed[name] = { before: a, after: b }
    }

    for (const name of union(before.functions, current.functions)) {
      const a = before.functions[name]
      const b = current.functions[name]
      if (a === undefined) report.functions.added.push(name)
      else if (b === undefined) report.functions.removed.push(name)
      else if (a !== b) report.functions.changed.push(name)
    }

    report.hasDrift =
      report.tables.added.length > 0 ||
      report.tables.removed.length > 0 ||
      Object.keys(report.tables.changed).length > 0 ||
      report.enums.added.length > 0 ||
      report.enums.removed.length > 0 ||
      Object.keys(report.enums.changed).length > 0 ||
      report.functions.added.length > 0 ||
      report.functions.removed.length > 0 ||
      report.functions.changed.length > 0
    return report
  }
}

function union(a: Record<string, unknown>, b: Record<string, unknown>) {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
}

function diffRecords<T>(a: Record<string, T>, b: Record<string, T>) {
  const result = {
    added: {} as Record<string, T>,
    removed: {} as Record<string, T>,
    changed: {} as Record<string, ObjectChange<T>>,
  }
  for (const key of union(a, b)) {
    if (!(key in a)) result.added[key] = b[key]
    else if (!(key in b)) result.removed[key] = a[key]
    else if (canonicalJson(a[key]) !== canonicalJson(b[key])) {
      result.changed[key] = { before: a[key], after: b[key] }
    }
  }
  return result
}

function isEmptyDiff(part: { added: object; removed: object; changed: object }) {
  return (
    Object.keys(part.added).length === 0 &&
    Object.keys(part.removed).length === 0 &&
    Object.keys(part.changed).length === 0
  )
}

/**
 * Sorts object keys recursively so equal schemas serialise identically.
 */
function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonicalize((value as Record<string, unknown>)[key])])
    )
  }
  return value
}

export function canonicalJson(value: unknown) {
  return JSON.stringify(canonicalize(value))
}
