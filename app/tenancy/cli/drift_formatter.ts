import type { DriftReport } from '#tenancy/schema_inspector'

/**
 * Human-readable lines describing a drift report.
 */
export function describeDrift(report: DriftReport): string[] {
  const lines: string[] = []
  for (const name of report.tables.added) lines.push(`+ table ${name}`)
  for (const name of report.tables.removed) lines.push(`- table ${name}`)
  for (const [table, drift] of Object.entries(report.tables.changed)) {
    for (const [column, shape] of Object.entries(drift.columns.added)) {
      lines.push(`+ column ${table}.${column} ${shape.type}${shape.nullable ? '' : ' not null'}`)
    }
    for (const column of Object.keys(drift.columns.removed))
      lines.push(`- column ${table}.${column}`)
    for (const [column, change] of Object.entries(drift.columns.changed)) {
      lines.push(
        `~ column ${table}.${column}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`
      )
    }
    for (const kind of ['indexes', 'constraints', 'triggers'] as const) {
      const singular = { indexes: 'index', constraints: 'constraint', triggers: 'trigger' }[kind]
      for (const [name, definition] of Object.entries(drift[kind].added)) {
        lines.push(`+ ${singular} ${table}.${name}: ${definition}`)
      }
      for (const name of Object.keys(drift[kind].removed))
        lines.push(`- ${singular} ${table}.${name}`)
      for (const [name, change] of Object.entries(drift[kind].changed)) {
        lines.push(`~ ${singular} ${table}.${name}: ${change.before} → ${change.after}`)
      }
    }
  }
  for (const name of report.enums.added) lines.push(`+ enum ${name}`)
  for (const name of report.enums.removed) lines.push(`- enum ${name}`)
  for (const name of Object.keys(report.enums.changed)) lines.push(`~ enum ${name}`)
  for (const name of report.functions.added) lines.push(`+ function ${name}`)
  for (const name of report.functions.removed) lines.push(`- function ${name}`)
  for (const name of report.functions.changed) lines.push(`~ function ${name}`)
  return lines
}
