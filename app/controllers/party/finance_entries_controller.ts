import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import FinancePolicy from '#policies/finance_policy'
import { toDevanagariDigits } from '#party/calendar/nepali_format'
import { auditActorOf } from '#party/audit/audit_trail'
import {
  deleteEntry,
  findEntry,
  storeEntry,
  updateEntry,
  type EntryKind,
  type EntryProblem,
} from '#actions/finance/finance_entries'
import { listEntries, parseEntryFilters } from '#party/finance/list_entries'
import { financeViewHelpers, notFound } from '#party/finance/finance_view'
import {
  EXPENDITURE_CATEGORIES,
  INCOME_SOURCES,
  PAYMENT_METHODS,
} from '#party/finance/finance_heads'

const PAGES = {
  expenditure: {
    path: '/expenditures',
    view: 'pages/party/finance/expenditures',
    heads: EXPENDITURE_CATEGORIES,
    active: 'expenditures',
  },
  income: {
    path: '/income',
    view: 'pages/party/finance/income',
    heads: INCOME_SOURCES,
    active: 'income',
  },
} as const

/** The form fields a person fills in (anything else in the body is ignored). */
const FIELDS = [
  'category',
  'source',
  'amount',
  'payment_method',
  'bank_reference',
  'payee_name',
  'payee_pan',
  'voucher_number',
  'payer_name',
  'reference',
  'description',
  'date',
  'date_calendar',
]

/**
 * The pages of one kind of book entry (expenditure or other income): list by
 * fiscal year with totals by head, record, edit and delete (treasurers and
 * admins; everyone else reads).
 */
export default abstract class FinanceEntriesController {
  protected abstract kind: EntryKind

  async index({ request, view, bouncer, i18n }: HttpContext) {
    await bouncer.with(FinancePolicy).authorize('view')
    const filters = await parseEntryFilters(this.kind, request.qs())
    const result = await listEntries(this.kind, filters)
    const page = PAGES[this.kind]
    return view.render(`${page.view}/index`, {
      ...result,
      ...financeViewHelpers(i18n.locale),
      filters,
      query: { ...filters, after: undefined },
      heads: page.heads,
      paymentMethods: PAYMENT_METHODS,
      active: page.active,
    })
  }

  async create({ view, bouncer, i18n }: HttpContext) {
    await bouncer.with(FinancePolicy).authorize('write')
    return this.#form(view, i18n.locale, null)
  }

  async store(ctx: HttpContext) {
    const { request, response, bouncer, session, i18n } = ctx
    await bouncer.with(FinancePolicy).authorize('write')
    const result = await storeEntry(this.kind, request.only(FIELDS), auditActorOf(ctx))
    if (!result.ok) this.#refuse(ctx, result.problems)
    session.flash('success', i18n.t(`reports.flash.${this.kind}_created`))
    return response.redirect(`${PAGES[this.kind].path}?fiscal_year=${result.values.fiscal_year}`)
  }

  async edit({ params, view, bouncer, i18n }: HttpContext) {
    await bouncer.with(FinancePolicy).authorize('write')
    const entry = await findEntry(this.kind, this.#id(params.id))
    if (!entry) return this.#notFound()
    return this.#form(view, i18n.locale, entry)
  }

  async update(ctx: HttpContext) {
    const { params, request, response, bouncer, session, i18n } = ctx
    await bouncer.with(FinancePolicy).authorize('write')
    const result = await updateEntry(
      this.kind,
      this.#id(params.id),
      request.only(FIELDS),
      auditActorOf(ctx)
    )
    if (!result) return this.#notFound()
    if (!result.ok) this.#refuse(ctx, result.problems)
    session.flash('success', i18n.t('reports.flash.updated'))
    return response.redirect(`${PAGES[this.kind].path}?fiscal_year=${result.values.fiscal_year}`)
  }

  async destroy(ctx: HttpContext) {
    const { params, response, bouncer, session, i18n } = ctx
    await bouncer.with(FinancePolicy).authorize('write')
    const result = await deleteEntry(this.kind, this.#id(params.id), auditActorOf(ctx))
    if (!result) return this.#notFound()
    if (!result.ok) {
      const [problem] = result.problems
      session.flash('error', i18n.t(`reports.problems.${problem.code}`, problem.params ?? {}))
      return response.redirect().back()
    }
    session.flash('success', i18n.t('reports.flash.deleted'))
    return response.redirect(`${PAGES[this.kind].path}?fiscal_year=${result.values.fiscal_year}`)
  }

  #form(view: HttpContext['view'], locale: string, entry: Record<string, unknown> | null) {
    const page = PAGES[this.kind]
    const dateColumn = this.kind === 'expenditure' ? 'spent_on_bs' : 'received_on_bs'
    return view.render(`${page.view}/form`, {
      entry,
      entryDate: entry ? entry[dateColumn] : '',
      amount: entry ? financeViewHelpers(locale).rupeesInput(Number(entry.amount_paisa)) : '',
      heads: page.heads,
      paymentMethods: PAYMENT_METHODS,
      active: page.active,
    })
  }

  /** Problems back on the form, translated, with what was typed kept. */
  #refuse({ i18n }: HttpContext, problems: EntryProblem[]): never {
    const digits = (value: string | number) =>
      i18n.locale === 'ne' ? toDevanagariDigits(String(value)) : String(value)
    throw new vineErrors.E_VALIDATION_ERROR(
      problems.map((problem) => ({
        field: problem.field,
        rule: problem.code,
        message: i18n.t(
          `reports.problems.${problem.code}`,
          Object.fromEntries(
            Object.entries(problem.params ?? {}).map(([key, value]) => [key, digits(value)])
          )
        ),
      }))
    )
  }

  #id(value: unknown) {
    const id = Number(value)
    return Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647 ? id : 0
  }

  #notFound(): never {
    return notFound()
  }
}
