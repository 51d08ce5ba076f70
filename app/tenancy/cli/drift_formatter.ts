import type { DriftReport } from '#tenancy/schema_inspector'
import { driftEntries } from '#tenancy/drift_entries'

const SYMBOLS = { added: '+', removed: '-', changed: '~' } as const

/**
 * Human-readable lines describing a drift report (one per entry of driftEntries).
 */
export function describeDrift(report: DriftReport): string[] {
  return driftEntries(report).map((entry) => {
    const line = `${SYMBOLS[entry.change]} ${entry.kind} ${entry.name}`
    if (entry.change === 'changed' && entry.before !== undefined) {
      return `${line}: ${entry.before} → ${entry.after}`
    }
    if (entry.change === 'added' && entry.after !== undefined) {
      return entry.kind === 'column' ? `${line} ${entry.after}` : `${line}: ${entry.after}`
    }
    return line
  })
}
