import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import tenancy from '#tenancy/services/tenancy'
import FinancePolicy from '#policies/finance_policy'
import { auditActorOf, recordAudit } from '#party/audit/audit_trail'
import {
  advanceSubmission,
  deleteDraftReport,
  generateFinancialReport,
  type ReportProblem,
  type SubmissionStep,
} from '#actions/finance/financial_reports'
import { decimalToPaisa } from '#party/donations/donation_amount'
import { financeViewHelpers, notFound } from '#party/finance/finance_view'
import { currentFiscalYear } from '#party/finance/list_entries'
import { isReportPeriod, REPORT_PERIODS } from '#party/finance/report_period'
import { financialReportCsv, type StoredReport } from '#party/finance/report_csv'
import { EXPENDITURE_CATEGORIES, REPORT_INCOME_HEADS } from '#party/finance/finance_heads'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'
import { adToBs } from '#party/calendar/bikram_sambat'

function reportId(value: unknown) {
  const id = Number(value)
  return Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647 ? id : 0
}

async function findReport(id: unknown) {
  const row = await tenancy
    .db()
    .from('financial_reports')
    .where('id', reportId(id))
    .select(
      '*',
      tenancy.db().raw(`to_char(period_start, 'YYYY-MM-DD') as period_start`),
      tenancy.db().raw(`to_char(period_end, 'YYYY-MM-DD') as period_end`),
      tenancy
        .db()
        .raw(
          `to_char(submitted_to_ec_at at time zone 'Asia/Kathmandu', 'YYYY-MM-DD') as submitted_on`
        ),
      tenancy
        .db()
        .raw(`to_char(accepted_at at time zone 'Asia/Kathmandu', 'YYYY-MM-DD') as accepted_on`),
      tenancy
        .db()
        .raw(`to_char(generated_at at time zone 'Asia/Kathmandu', 'YYYY-MM-DD') as generated_on`)
    )
    .first()
  if (!row) return notFound()
  // A row made elsewhere (e.g. an election report entered by hand) may have no breakdown yet.
  const breakdown = row.breakdown ?? {}
  row.breakdown = {
    version: 1,
    income: breakdown.income ?? {},
    expenditure: breakdown.expenditure ?? {},
    donations: breakdown.donations ?? { individualPaisa: 0, institutionalPaisa: 0, count: 0 },
    membershipRegisterPaisa: breakdown.membershipRegisterPaisa ?? null,
    entries: breakdown.entries ?? { income: 0, expenditure: 0 },
    donors: breakdown.donors ?? [],
  }
  return row as StoredReport & Record<string, any>
}

const bsOf = (ad: string | null) => {
  if (!ad) return ''
  try {
    const bs = adToBs(new Date(`${ad}T00:00:00Z`))
    return `${bs.year}-${String(bs.month).padStart(2, '0')}-${String(bs.day).padStart(2, '0')}`
  } catch {
    return ''
  }
}

/**
 * Financial reports for the Election Commission: list, generate (fiscal
 * year or quarter), the printable statement, CSV, and the submission record.
 */
export default class FinancialReportsController {
  async index({ view, bouncer, i18n }: HttpContext) {
    await bouncer.with(FinancePolicy).authorize('view')
    const reports = await tenancy
      .db()
      .from('financial_reports')
      .orderBy('fiscal_year', 'desc')
      .orderBy('period', 'asc')
      .select(
        'id',
        'fiscal_year',
        'period',
        'status',
        'total_income',
        'total_expenditure',
        'closing_balance_paisa',
        tenancy
          .db()
          .raw(`to_char(generated_at at time zone 'Asia/Kathmandu', 'YYYY-MM-DD') as generated_on`)
      )
      .limit(200)
    return view.render('pages/party/finance/reports/index', {
      ...financeViewHelpers(i18n.locale),
      reports: reports.map((row) => ({
        ...row,
        incomePaisa: decimalToPaisa(row.total_income),
        expenditurePaisa: decimalToPaisa(row.total_expenditure),
      })),
      periods: REPORT_PERIODS,
      currentFiscalYear: currentFiscalYear(),
      active: 'reports',
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, bouncer, session, i18n } = ctx
    await bouncer.with(FinancePolicy).authorize('write')
    const fiscalYear = fromDevanagariDigits(String(request.input('fiscal_year', '')).trim())
    const period = request.input('period')
    const result = isReportPeriod(period)
      ? await generateFinancialReport(fiscalYear, period, auditActorOf(ctx))
      : { ok: false as const, problem: { code: 'period_invalid' } as ReportProblem }
    if (!result.ok) {
      throw new vineErrors.E_VALIDATION_ERROR([
        {
          field: 'fiscal_year',
          rule: result.problem.code,
          message: i18n.t(`reports.problems.${result.problem.code}`, result.problem.params ?? {}),
        },
      ])
    }
    const report = await findReport(result.id)
    session.flash(
      'success',
      i18n.t('reports.flash.report_generated', {
        fiscalYear: financeViewHelpers(i18n.locale).fy(report.fiscal_year),
        period: i18n.t(`reports.periods.${report.period}`),
      })
    )
    return response.redirect(`/financial-reports/${result.id}`)
  }

  async show({ params, view, bouncer, i18n }: HttpContext) {
    await bouncer.with(FinancePolicy).authorize('view')
    const report = await findReport(params.id)
    const { breakdown } = report
    const sum = (values: Record<string, number>, heads: readonly string[]) =>
      heads.reduce((total, head) => total + BigInt(values[head] ?? 0), 0n)
    // A draft generated before the books last changed is out of date (deletes leave only audit rows).
    const stale =
      report.status === 'draft' &&
      (await tenancy
        .db()
        .from('audit_logs')
        .whereIn('auditable_type', [
          'expenditures',
          'income_entries',
          'donations',
          'membership_renewals',
        ])
        .where('created_at', '>', report.generated_at ?? new Date(0))
        .select(tenancy.db().raw('1'))
        .first()) !== null
    return view.render('pages/party/finance/reports/show', {
      stale,
      ...financeViewHelpers(i18n.locale),
      report,
      breakdown,
      incomeHeads: REPORT_INCOME_HEADS,
      categories: EXPENDITURE_CATEGORIES,
      totalIncome: Number(sum(breakdown.income, REPORT_INCOME_HEADS)),
      totalExpenditure: Number(sum(breakdown.expenditure, EXPENDITURE_CATEGORIES)),
      startBs: bsOf(report.period_start),
      endBs: bsOf(report.period_end),
      submittedBs: bsOf(report.submitted_on),
      acceptedBs: bsOf(report.accepted_on),
      generatedBs: bsOf(report.generated_on),
      active: 'reports',
    })
  }

  /** The saved report as CSV (labels in the reader's language); audited as an export. */
  async export(ctx: HttpContext) {
    const { params, response, bouncer, i18n } = ctx
    await bouncer.with(FinancePolicy).authorize('view')
    const report = await findReport(params.id)
    const csv = financialReportCsv(report, (section, head) =>
      i18n.t(
        section === 'summary'
          ? `reports.csv_labels.${head}`
          : section === 'income'
            ? `reports.income_heads.${head}`
            : `reports.categories.${head}`
      )
    )
    await recordAudit(tenancy.db(), auditActorOf(ctx), {
      action: 'exported',
      auditableType: 'financial_reports',
      auditableId: Number(report.id),
      newValues: { format: 'csv', fiscal_year: report.fiscal_year, period: report.period },
    })
    const name = `financial-report-${report.fiscal_year.replace('/', '-')}-${report.period}.csv`
    response.header('Content-Type', 'text/csv; charset=utf-8')
    response.header('Content-Disposition', `attachment; filename="${name}"`)
    response.header('Cache-Control', 'no-store')
    return csv
  }

  async submit(ctx: HttpContext) {
    return this.#advance(ctx, 'submit')
  }

  async accept(ctx: HttpContext) {
    return this.#advance(ctx, 'accept')
  }

  async destroy(ctx: HttpContext) {
    const { params, response, bouncer, session, i18n } = ctx
    await bouncer.with(FinancePolicy).authorize('write')
    const deleted = await deleteDraftReport(reportId(params.id), auditActorOf(ctx))
    if (deleted === null) return notFound()
    if (!deleted) {
      session.flash('error', i18n.t('reports.problems.not_a_draft'))
      return response.redirect(`/financial-reports/${reportId(params.id)}`)
    }
    session.flash('success', i18n.t('reports.flash.report_deleted'))
    return response.redirect('/financial-reports')
  }

  async #advance(ctx: HttpContext, step: SubmissionStep) {
    const { params, request, response, bouncer, session, i18n } = ctx
    await bouncer.with(FinancePolicy).authorize('write')
    const id = reportId(params.id)
    const result = await advanceSubmission(
      id,
      step,
      {
        reference: request.input('reference'),
        date: request.input('date'),
        calendar: request.input('date_calendar'),
      },
      auditActorOf(ctx)
    )
    if (result === null) return notFound()
    if (!result.ok) {
      throw new vineErrors.E_VALIDATION_ERROR(
        result.problems.map((problem) => ({
          field: problem.field,
          rule: problem.code,
          message: i18n.t(`reports.problems.${problem.code}`),
        }))
      )
    }
    session.flash(
      'success',
      i18n.t(`reports.flash.report_${step === 'submit' ? 'submitted' : 'accepted'}`)
    )
    return response.redirect(`/financial-reports/${id}`)
  }
}
