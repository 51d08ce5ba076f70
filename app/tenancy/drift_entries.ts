import type { DriftReport } from '#tenancy/schema_inspector'

export type DriftChange = 'added' | 'removed' | 'changed'
export type DriftObjectKind =
  'table' | 'column' | 'index' | 'constraint' | 'trigger' | 'enum' | 'function'

export interface DriftEntry {
  change: DriftChange
  kind: DriftObjectKind
  /** Qualified name: `table`, `table.column`, `table.index`, ... */
  name: string
  before?: string
  after?: string
}

const shapeOf = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

/**
 * A drift report flattened into one entry per object added, removed or
 * changed, in a stable order, for screens and reports.
 */
export function driftEntries(report: DriftReport): DriftEntry[] {
  const entries: DriftEntry[] = []
  for (const name of report.tables.added) entries.push({ change: 'added', kind: 'table', name })
  for (const name of report.tables.removed) entries.push({ change: 'removed', kind: 'table', name })
  for (const [table, drift] of Object.entries(report.tables.changed)) {
    for (const [column, shape] of Object.entries(drift.columns.added)) {
      entries.push({
        change: 'added',
        kind: 'column',
        name: `${table}.${column}`,
        after: `${shape.type}${shape.nullable ? '' : ' not null'}`,
      })
    }
    for (const column of Object.keys(drift.columns.removed)) {
      entries.push({ change: 'removed', kind: 'column', name: `${table}.${column}` })
    }
    for (const [column, change] of Object.entries(drift.columns.changed)) {
      entries.push({
        change: 'changed',
        kind: 'column',
        name: `${table}.${column}`,
        before: shapeOf(change.before),
        after: shapeOf(change.after),
      })
    }
    for (const [group, kind] of [
      ['indexes', 'index'],
      ['constraints', 'constraint'],
      ['triggers', 'trigger'],
    ] as const) {
      for (const [name, definition] of Object.entries(drift[group].added)) {
        entries.push({ change: 'added', kind, name: `${table}.${name}`, after: definition })
      }
      for (const name of Object.keys(drift[group].removed)) {
        entries.push({ change: 'removed', kind, name: `${table}.${name}` })
      }
      for (const [name, change] of Object.entries(drift[group].changed)) {
        entries.push({
          change: 'changed',
          kind,
          name: `${table}.${name}`,
          before: change.before,
          after: change.after,
        })
      }
    }
  }
  for (const name of report.enums.added) entries.push({ change: 'added', kind: 'enum', name })
  for (const name of report.enums.removed) entries.push({ change: 'removed', kind: 'enum', name })
  for (const name of Object.keys(report.enums.changed)) {
    entries.push({ change: 'changed', kind: 'enum', name })
  }
  for (const name of report.functions.added) {
    entries.push({ change: 'added', kind: 'function', name })
  }
  for (const name of report.functions.removed) {
    entries.push({ change: 'removed', kind: 'function', name })
  }
  for (const name of report.functions.changed) {
    entries.push({ change: 'changed', kind: 'function', name })
  }
  return entries
}
