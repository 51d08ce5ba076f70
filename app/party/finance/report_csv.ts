import { stringify } from 'csv-stringify/sync'
import { spreadsheetCsvOptions } from '#support/spreadsheet_cells'
import { paisaToDecimal } from '#party/donations/donation_amount'
import { EXPENDITURE_CATEGORIES, REPORT_INCOME_HEADS } from '#party/finance/finance_heads'
import type { ReportBreakdown } from '#actions/finance/financial_reports'

/** Columns of the report CSV, in order (the header row uses these names). */
export const REPORT_CSV_COLUMNS = [
  'section',
  'head',
  'label',
  'amount_rupees',
  'donor_kind',
  'donor_identity',
  'receipt_number',
  'date_bs',
  'date_ad',
  'purpose',
] as const

export interface StoredReport {
  fiscal_year: string
  period: string
  opening_balance_paisa: string | number
  closing_balance_paisa: string | number
  total_income: string
  total_expenditure: string
  breakdown: ReportBreakdown
}

/**
 * A saved financial report as CSV (UTF-8 with a BOM, so spreadsheets read
 * Devanagari; text a spreadsheet would run as a formula guarded): one row per summary line, income head, expenditure category
 * and donor. Amounts in rupees with 2 decimals, exactly as stored (paisa);
 * `label` is the head's name in the reader's language (`labelOf`).
 */
export function financialReportCsv(
  report: StoredReport,
  labelOf: (section: 'summary' | 'income' | 'expenditure', head: string) => string
) {
  const rupees = (paisa: number | string) => paisaToDecimal(Number(paisa))
  const rows: Array<Record<string, string>> = []
  const summary = (head: string, paisa: number | string) =>
    rows.push({
      section: 'summary',
      head,
      label: labelOf('summary', head),
      amount_rupees: rupees(paisa),
    })
  const { breakdown } = report
  const totalIncome = REPORT_INCOME_HEADS.reduce(
    (sum, head) => sum + BigInt(breakdown.income[head] ?? 0),
    0n
  )
  const totalExpenditure = EXPENDITURE_CATEGORIES.reduce(
    (sum, head) => sum + BigInt(breakdown.expenditure[head] ?? 0),
    0n
  )
  summary('opening_balance', report.opening_balance_paisa)
  summary('total_income', totalIncome.toString())
  summary('total_expenditure', totalExpenditure.toString())
  summary('closing_balance', report.closing_balance_paisa)
  for (const head of REPORT_INCOME_HEADS) {
    rows.push({
      section: 'income',
      head,
      label: labelOf('income', head),
      amount_rupees: rupees(breakdown.income[head] ?? 0),
    })
  }
  for (const head of EXPENDITURE_CATEGORIES) {
    rows.push({
      section: 'expenditure',
      head,
      label: labelOf('expenditure', head),
      amount_rupees: rupees(breakdown.expenditure[head] ?? 0),
    })
  }
  for (const donor of breakdown.donors) {
    rows.push({
      section: 'donor',
      head: donor.donorType,
      label: donor.name,
      amount_rupees: rupees(donor.amountPaisa),
      donor_kind: donor.kind,
      donor_identity: donor.pan ?? donor.citizenshipNumber ?? '',
      receipt_number: donor.receiptNumber,
      date_bs: donor.receivedOnBs,
      date_ad: donor.receivedOn,
      purpose: donor.purpose ?? '',
    })
  }
  return stringify(rows, spreadsheetCsvOptions(REPORT_CSV_COLUMNS))
}
