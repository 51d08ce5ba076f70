import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify, type Options } from 'csv-stringify'

/**
 * CSV files we export are opened in spreadsheets, which run a cell that
 * starts with `=`, `@`, `+` or `-` as a formula (CSV injection). A text
 * cell that could be read as one is written with a leading apostrophe,
 * which spreadsheets show as plain text; phone numbers and signed numbers
 * (`+9779812345678`, `-12.50`) are left as they are.
 */
const FORMULA_START = /^[=@\t\r]|^[+-](?![\d\s.,]*$)/

export function spreadsheetSafeText(value: string) {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/**
 * Undoes spreadsheetSafeText for a cell read back from one of our exports,
 * so an export imports unchanged.
 */
export function fromSpreadsheetSafeText(value: string) {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value
}

/** csv-stringify options every export shares: UTF-8 BOM, yes/no, safe text. */
export function spreadsheetCsvOptions(columns: readonly string[]): Options {
  return {
    bom: true,
    header: true,
    columns: [...columns],
    cast: {
      boolean: (value) => (value ? 'yes' : 'no'),
      string: (value) => spreadsheetSafeText(value),
    },
  }
}

/**
 * Streams the rows of a Lucid query into `output` as spreadsheet-safe CSV
 * (see spreadsheetCsvOptions), never holding the result in memory. Resolves
 * with the number of rows once the output has them all; `end: false` leaves
 * the output open (a download that records its audit row before it ends).
 */
export async function streamQueryAsCsv(
  query: unknown,
  columns: readonly string[],
  output: Writable,
  options: { end?: boolean } = {}
) {
  let rows = 0
  await pipeline(
    // toKnex() (not in the contract type) applies Lucid's pending where clauses first.
    (query as { toKnex(): { stream(): AsyncIterable<Record<string, unknown>> } }).toKnex().stream(),
    async function* (source: AsyncIterable<Record<string, unknown>>) {
      for await (const row of source) {
        rows++
        yield row
      }
    },
    stringify(spreadsheetCsvOptions(columns)),
    output,
    { end: options.end ?? true }
  )
  return rows
}
