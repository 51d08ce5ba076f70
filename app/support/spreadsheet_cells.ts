import type { Options } from 'csv-stringify'

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
