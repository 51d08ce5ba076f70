import type { HttpContext } from '@adonisjs/core/http'
import { errors as lucidErrors } from '@adonisjs/lucid'
import DonationPolicy from '#policies/donation_policy'
import tenancy from '#tenancy/services/tenancy'
import { auditActorOf, recordAudit } from '#party/audit/audit_trail'
import { recordDonation } from '#actions/donations/record_donation'
import { problemsToValidationError } from '#party/donations/problem_messages'
import { deleteDonation, verifyDonation } from '#actions/donations/verify_donation'
import {
  exportDonationsCsv,
  listDonations,
  parseDonationFilters,
} from '#party/donations/list_donations'
import { resolveReceivedDate, type ReceivedInput } from '#party/donations/received_date'
import {
  ALLOWED_DONOR_TYPES,
  PAYMENT_METHODS,
  PROHIBITED_DONOR_TYPES,
} from '#party/donations/donation_rules'
import { decimalToPaisa } from '#party/donations/donation_amount'
import { paisaToEnglishWords, paisaToNepaliWords } from '#party/donations/amount_in_words'
import { fiscalYearFor } from '#party/calendar/fiscal_year'
import { formatIsoLike, nepalCalendarDate } from '#party/calendar/bikram_sambat'
import { portalViewHelpers } from '#party/portal/view_helpers'

const str = (value: unknown) => (typeof value === 'string' ? value : '')

/** The donation, with its money as paisa; 404 when this party has no such donation. */
async function findDonation(id: unknown) {
  const client = tenancy.db()
  const row = await client
    .from('donations')
    .leftJoin('users as recorder', 'recorder.id', 'donations.recorded_by')
    .leftJoin('users as verifier', 'verifier.id', 'donations.verified_by')
    .where('donations.id', Number(id))
    .select(
      'donations.*',
      client.raw(`to_char(donations.received_on, 'YYYY-MM-DD') as received_on`),
      'recorder.full_name as recorded_by_name',
      'verifier.full_name as verified_by_name'
    )
    .first()
  if (!row) return null
  return {
    ...row,
    amountPaisa: decimalToPaisa(row.amount),
    donorCashTotalPaisa:
      row.donor_cash_total === null ? null : decimalToPaisa(row.donor_cash_total),
    /** The day in Nepal the treasurer verified it, `YYYY-MM-DD`. */
    verifiedOn: row.verified_at ? formatIsoLike(nepalCalendarDate(row.verified_at)) : null,
  }
}

/**
 * Donations to the party (Political Parties Act 2073 s.38): the list with
 * its filters and CSV export, recording with the rules of the Act, the
 * receipt of every donation, and the treasurer's verification.
 */
export default class DonationsController {
  async index({ request, view, bouncer }: HttpContext) {
    await bouncer.with(DonationPolicy).authorize('viewList')
    const filters = await parseDonationFilters(request.qs())
    const result = await listDonations(filters)
    // Every year with a donation has a receipt sequence: no scan of the donations.
    const years = await tenancy
      .db()
      .from('donation_limits')
      .select('fiscal_year')
      .union((query) => query.from('donation_receipt_sequences').select('fiscal_year'))
      .orderBy('fiscal_year', 'desc')
    const kept = { ...filters, after: undefined }
    return view.render('pages/party/donations/index', {
      ...result,
      filters,
      query: kept,
      fiscalYears: years.map((row) => row.fiscal_year),
      donorTypes: ALLOWED_DONOR_TYPES,
    })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.with(DonationPolicy).authorize('create')
    const fiscalYear = fiscalYearFor(nepalCalendarDate()).label
    const limits = await tenancy
      .db()
      .from('donation_limits')
      .where('fiscal_year', '<=', fiscalYear)
      .orderBy('fiscal_year', 'desc')
      .first()
    return view.render('pages/party/donations/form', {
      fiscalYear,
      cashLimitPaisa: limits ? decimalToPaisa(limits.cash_limit) : null,
      donorTypes: [...ALLOWED_DONOR_TYPES, ...PROHIBITED_DONOR_TYPES],
      paymentMethods: PAYMENT_METHODS,
      today: formatIsoLike(nepalCalendarDate()),
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, bouncer, session, i18n } = ctx
    await bouncer.with(DonationPolicy).authorize('create')
    const input = request.only([
      'donor_type',
      'donor_name',
      'citizenship_number',
      'pan',
      'donor_address',
      'amount',
      'currency',
      'payment_method',
      'bank_reference',
      'purpose',
      'ec_reference_number',
      'received_calendar',
      'received_date',
      'received_at',
    ])
    const actor = auditActorOf(ctx)
    const result = await recordDonation({
      donorType: str(input.donor_type),
      donorName: str(input.donor_name),
      citizenshipNumber: str(input.citizenship_number),
      pan: str(input.pan),
      donorAddress: str(input.donor_address),
      amount: str(input.amount),
      currency: str(input.currency) || 'NPR',
      paymentMethod: str(input.payment_method),
      bankReference: str(input.bank_reference),
      purpose: str(input.purpose),
      ecReferenceNumber: str(input.ec_reference_number),
      received: receivedInput(input),
      recordedBy: actor.userId,
      audit: { ipAddress: actor.ipAddress, userAgent: actor.userAgent },
    })
    if (!result.ok) throw problemsToValidationError(ctx, result.problems)
    const donation = result.donation
    session.flash('success', i18n.t('finance.flash.recorded', { receipt: donation.receiptNumber }))
    return response.redirect(`/donations/${donation.id}`)
  }

  async show({ params, view, bouncer }: HttpContext) {
    await bouncer.with(DonationPolicy).authorize('view')
    const donation = await findDonation(params.id)
    if (!donation) return notFound()
    return view.render('pages/party/donations/show', { donation })
  }

  /** The receipt of s.38(4), printable (print CSS), amounts in figures and words. */
  async receipt({ params, view, bouncer }: HttpContext) {
    await bouncer.with(DonationPolicy).authorize('view')
    const donation = await findDonation(params.id)
    if (!donation) return notFound()
    const profile = await tenancy.db().from('parties').select('*').first()
    return view.render('pages/party/donations/receipt', {
      donation,
      profile,
      words: {
        en: paisaToEnglishWords(donation.amountPaisa),
        ne: paisaToNepaliWords(donation.amountPaisa),
      },
    })
  }

  async verify(ctx: HttpContext) {
    const { params, response, bouncer, session, i18n } = ctx
    await bouncer.with(DonationPolicy).authorize('verify')
    const outcome = await verifyDonation(Number(params.id), auditActorOf(ctx))
    if (outcome === 'not_found') return notFound()
    session.flash(outcome === 'verified' ? 'success' : 'error', i18n.t(`finance.flash.${outcome}`))
    return response.redirect(`/donations/${params.id}`)
  }

  async destroy(ctx: HttpContext) {
    const { params, response, bouncer, session, i18n } = ctx
    await bouncer.with(DonationPolicy).authorize('delete')
    const outcome = await deleteDonation(Number(params.id), auditActorOf(ctx))
    if (outcome === 'not_found') return notFound()
    if (outcome === 'already_verified') {
      session.flash('error', i18n.t('finance.flash.locked'))
      return response.redirect(`/donations/${params.id}`)
    }
    session.flash('success', i18n.t('finance.flash.deleted'))
    return response.redirect('/donations')
  }

  /** The donations of the list's filters as CSV, streamed from a cursor; audited. */
  async export(ctx: HttpContext) {
    const { request, response, bouncer } = ctx
    await bouncer.with(DonationPolicy).authorize('export')
    const filters = await parseDonationFilters(request.qs())
    const day = new Date().toISOString().slice(0, 10)
    response.header('Content-Type', 'text/csv; charset=utf-8')
    response.header('Content-Disposition', `attachment; filename="donations-${day}.csv"`)
    response.header('Cache-Control', 'no-store')
    response.relayHeaders()
    // The download ends only once its audit row is written.
    const rows = await exportDonationsCsv(filters, response.response, { end: false })
    try {
      await recordAudit(tenancy.db(), auditActorOf(ctx), {
        action: 'exported',
        auditableType: 'donations',
        newValues: { filters: { ...filters, after: undefined }, rows },
      })
    } finally {
      response.response.end()
    }
  }

  /** The fiscal year (and BS/AD dates) of a received date, for the form's live hint. */
  async fiscalYear({ request, response, i18n }: HttpContext) {
    const resolved = resolveReceivedDate({
      calendar: request.input('calendar') === 'ad' ? 'ad' : 'bs',
      date: str(request.input('date')),
    })
    if (!resolved.ok) {
      return response.status(422).json({ error: i18n.t(`donations.problems.${resolved.problem}`) })
    }
    const { formatDate, formatDigits } = portalViewHelpers(i18n.locale)
    return response.json({
      fiscalYear: resolved.value.fiscalYear,
      text: i18n.t('finance.form.fiscal_year_hint', {
        fiscalYear: formatDigits(resolved.value.fiscalYear),
        date: formatDate(resolved.value.adIso),
      }),
    })
  }
}

/** A received date from the form: a calendar date, or an instant (`received_at`, ISO 8601 with a zone). */
function receivedInput(input: Record<string, unknown>): ReceivedInput {
  const at = str(input.received_at).trim()
  if (at !== '') {
    const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(at)
      ? new Date(at)
      : new Date(Number.NaN)
    return { at: instant }
  }
  return {
    calendar: input.received_calendar === 'ad' ? 'ad' : 'bs',
    date: str(input.received_date),
  }
}

function notFound(): never {
  throw new lucidErrors.E_ROW_NOT_FOUND()
}
