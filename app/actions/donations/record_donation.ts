import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import tenancy from '#tenancy/services/tenancy'
import {
  BANKING_PAYMENT_METHODS,
  evaluateDonation,
  formatReceiptNumber,
  isBankingPaymentMethod,
  PAYMENT_METHODS,
  type DonationViolation,
  type DonorType,
  type PaymentMethod,
  type ProhibitionClause,
} from '#party/donations/donation_rules'
import {
  decimalToPaisa,
  MAX_DONATION_PAISA,
  paisaToDecimal,
  parseRupeesToPaisa,
} from '#party/donations/donation_amount'
import { resolveReceivedDate, type ReceivedInput } from '#party/donations/received_date'
import {
  citizenshipNumberKey,
  isValidCitizenshipNumber,
  normalizeCitizenshipNumber,
} from '#party/identity/citizenship_number'
import { fromDevanagariDigits } from '#party/calendar/nepali_format'

/** Party setting: refuse (true) or only flag (false, default) cash that splits past the limit. */
export const REFUSE_SPLIT_CASH_SETTING = 'donations.refuse_split_cash'

/** What a treasurer enters for one donation. Amount in rupees as typed; see parseRupeesToPaisa. */
export interface RecordDonationInput {
  donorType: DonorType | string
  donorName: string
  citizenshipNumber?: string | null
  pan?: string | null
  donorAddress?: string | null
  amount: string | number
  /** Only `NPR` is accepted (default). */
  currency?: string
  paymentMethod: PaymentMethod | string
  /** Cheque number or bank transaction reference; required for cheque and bank transfer. */
  bankReference?: string | null
  /** What the donation is for (the Commission's donor list asks). */
  purpose?: string | null
  /** When received: a BS or AD date, or an instant (read in Nepal time). Default: now. */
  received?: ReceivedInput
  ecReferenceNumber?: string | null
  memberId?: number | null
  /** Tenant `users.id` of the person recording it; also the audit log's user. */
  recordedBy?: number | null
  audit?: { ipAddress?: string | null; userAgent?: string | null }
}

/** A refusal: a code for resources/lang/{en,ne}/donations.json, the field, and its parameters. */
export interface DonationProblem {
  readonly code: string
  readonly field: string
  readonly clause?: ProhibitionClause
  readonly params?: Record<string, string | number>
}

export interface RecordedDonation {
  readonly id: number
  readonly receiptNumber: string
  readonly fiscalYear: string
  readonly receivedOn: string
  readonly receivedOnBs: string
  readonly donorType: string
  readonly donorName: string
  readonly amountPaisa: number
  readonly paymentMethod: string
  /** Above the cash limit (so it came through a bank); set by the database trigger too. */
  readonly isAboveLimit: boolean
  readonly requiresDisclosure: boolean
  /** Cash from this donor this fiscal year, this donation included, is above the cash limit. */
  readonly splitSuspected: boolean
  /** That running cash total (null for a banked donation). */
  readonly donorCashTotalPaisa: number | null
  readonly cashLimitPaisa: number
  /** The fiscal year whose limits applied: an earlier one when carried forward. */
  readonly limitsFiscalYear: string
}

export type RecordDonationResult =
  { ok: true; donation: RecordedDonation } | { ok: false; problems: DonationProblem[] }

const FIELD_OF: Record<DonationViolation['field'], string> = {
  'donor.type': 'donorType',
  'donor.name': 'donorName',
  'donor.citizenshipNumber': 'citizenshipNumber',
  'donor.pan': 'pan',
  'amountPaisa': 'amount',
  'paymentMethod': 'paymentMethod',
  'receivedOn': 'received',
}

const TEXT_LIMITS = {
  donorName: 200,
  bankReference: 100,
  ecReferenceNumber: 100,
  purpose: 300,
} as const

const rupees = (paisa: number) => paisaToDecimal(paisa).replace(/\.00$/, '')

function clean(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null
  const trimmed = value.trim().replace(/\s+/g, ' ')
  return trimmed === '' ? null : trimmed
}

interface LimitsRow {
  fiscal_year: string
  cash_limit: string
  disclosure_threshold: string
}

/** The limits in force for a fiscal year: its own row, else the latest earlier one carried forward. */
async function limitsFor(trx: TransactionClientContract, fiscalYear: string) {
  const row: LimitsRow | null = await trx
    .from('donation_limits')
    .where('fiscal_year', '<=', fiscalYear)
    .orderBy('fiscal_year', 'desc')
    .select('fiscal_year', 'cash_limit', 'disclosure_threshold')
    .first()
  if (!row) return null
  return {
    fromFiscalYear: row.fiscal_year,
    limits: {
      fiscalYear,
      cashLimitPaisa: decimalToPaisa(row.cash_limit),
      disclosureThresholdPaisa: decimalToPaisa(row.disclosure_threshold),
    },
  }
}

async function designatedMatch(
  trx: TransactionClientContract,
  donor: { name: string | null; pan: string | null; citizenshipKey: string | null }
): Promise<{ ec_reference: string | null; name: string } | null> {
  const nameKey = donor.name?.toLowerCase() ?? null
  // An empty OR group would match every row.
  if (!nameKey && !donor.pan && !donor.citizenshipKey) return null
  const row = await trx
    .from('designated_prohibited_donors')
    .where((query) => {
      // A bare name designates only when the Commission gave no identifier to compare.
      if (nameKey) {
        query.orWhere((byName) =>
          byName.where('name_key', nameKey).whereNull('pan').whereNull('citizenship_key')
        )
      }
      if (donor.pan) query.orWhere('pan', donor.pan)
      if (donor.citizenshipKey) query.orWhere('citizenship_key', donor.citizenshipKey)
    })
    .select('name', 'ec_reference')
    .first()
  return row ?? null
}

async function refuseSplitCash(trx: TransactionClientContract): Promise<boolean> {
  const row = await trx.from('party_settings').where('key', REFUSE_SPLIT_CASH_SETTING).first()
  return row?.value === true
}

/**
 * Records one donation in the current tenant after applying Political Parties
 * Act 2073 s.38 (see docs/domain.md): prohibited donors of s.38(2)(a)–(h), the
 * cash limit of s.38(3) per donation, a receipt for every donation (s.38(4)),
 * and a running cash total per donor and fiscal year against splitting.
 *
 * Everything happens in one transaction: limits (carried forward from the
 * last year that has them), a per-donor advisory lock so two cash donations
 * of one donor cannot both pass under the limit, the receipt sequence, the
 * `donations` row and its `audit_logs` row. A refusal returns problem codes
 * and writes nothing.
 *
 * @throws when there is no tenant in context or the database fails.
 */
export async function recordDonation(
  input: RecordDonationInput,
  options: { now?: Date } = {}
): Promise<RecordDonationResult> {
  const problems: DonationProblem[] = []

  const amount = parseRupeesToPaisa(input.amount)
  if (!amount.ok) {
    problems.push({
      code: amount.problem,
      field: 'amount',
      ...(amount.problem === 'amount_too_large'
        ? { params: { max: rupees(MAX_DONATION_PAISA) } }
        : {}),
    })
  }
  const currency = String(input.currency ?? 'NPR')
    .trim()
    .toUpperCase()
  if (currency !== 'NPR') problems.push({ code: 'unsupported_currency', field: 'currency' })

  const received = resolveReceivedDate(
    input.received ?? { at: options.now ?? new Date() },
    options.now
  )
  if (!received.ok) problems.push({ code: received.problem, field: 'received' })

  const donorName = clean(input.donorName)
  const rawPan = clean(input.pan)
  const pan = rawPan === null ? null : fromDevanagariDigits(rawPan)
  const rawCitizenship = clean(input.citizenshipNumber)
  const citizenshipNumber =
    rawCitizenship === null ? null : normalizeCitizenshipNumber(rawCitizenship)
  const citizenshipKey =
    citizenshipNumber !== null && isValidCitizenshipNumber(citizenshipNumber)
      ? citizenshipNumberKey(citizenshipNumber)
      : null
  const bankReference = clean(input.bankReference)
  const ecReferenceNumber = clean(input.ecReferenceNumber)
  const purpose = clean(input.purpose)
  const paymentMethod = input.paymentMethod

  for (const [field, max] of Object.entries(TEXT_LIMITS)) {
    const value = { donorName, bankReference, ecReferenceNumber, purpose }[
      field as keyof typeof TEXT_LIMITS
    ]
    if (value && value.length > max)
      problems.push({ code: 'text_too_long', field, params: { max } })
  }
  if (isBankingPaymentMethod(paymentMethod) && !bankReference) {
    problems.push({ code: 'bank_reference_required', field: 'bankReference' })
  }

  return tenancy.db().transaction(async (trx) => {
    const fiscalYear = received.ok ? received.value.fiscalYear : null
    const found = fiscalYear ? await limitsFor(trx, fiscalYear) : null
    if (fiscalYear && !found) {
      problems.push({ code: 'no_donation_limits', field: 'received', params: { fiscalYear } })
    }

    const decision = evaluateDonation(
      {
        donor: { type: input.donorType as DonorType, name: donorName, citizenshipNumber, pan },
        amountPaisa: amount.ok ? amount.paisa : Number.NaN,
        paymentMethod: paymentMethod as PaymentMethod,
      },
      // Without limits the donor checks still run; the cash verdict is dropped below.
      found?.limits ?? { fiscalYear: '2083/84', cashLimitPaisa: 0, disclosureThresholdPaisa: 0 },
      1
    )
    if (!decision.ok) {
      for (const violation of decision.violations) {
        if (violation.code === 'invalid_amount' && !amount.ok) continue
        // Without limits, the cash rule has nothing to compare with; no_donation_limits says so.
        if (violation.code === 'cash_above_limit' && !found) continue
        problems.push({
          code: violation.code,
          field: FIELD_OF[violation.field],
          ...(violation.clause ? { clause: violation.clause } : {}),
          ...(violation.code === 'cash_above_limit' && found
            ? { params: { limit: rupees(found.limits.cashLimitPaisa) } }
            : {}),
        })
      }
    }

    if (!problems.some((problem) => problem.code === 'prohibited_donor')) {
      const designated = await designatedMatch(trx, { name: donorName, pan, citizenshipKey })
      if (designated) {
        problems.push({
          code: 'prohibited_donor',
          field: 'donorName',
          clause: 'h',
          params: { reference: designated.ec_reference ?? designated.name },
        })
      }
    }

    if (problems.length > 0 || !found || !received.ok || !amount.ok || !decision.ok) {
      return { ok: false as const, problems }
    }
    const { limits } = found
    const when = received.value

    // One lock per donor identity, in a fixed order, held until commit.
    const keys = [citizenshipKey && `citizenship:${citizenshipKey}`, pan && `pan:${pan}`]
      .filter((key): key is string => Boolean(key))
      .sort()
    // Unreachable after the identity checks; an empty key set would add up every donor.
    if (keys.length === 0) throw new Error('recordDonation: an accepted donor has no identity key')
    for (const key of keys) {
      await trx.rawQuery('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
        `donations.donor:${key}`,
      ])
    }

    let donorCashTotalPaisa: number | null = null
    let splitSuspected = false
    if (!isBankingPaymentMethod(paymentMethod)) {
      const previous = await trx
        .from('donations')
        .where('fiscal_year', limits.fiscalYear)
        .whereNotIn('payment_method', [...BANKING_PAYMENT_METHODS])
        .where((query) => {
          if (citizenshipKey) query.orWhere('donor_citizenship_key', citizenshipKey)
          if (pan) query.orWhere('donor_pan', pan)
        })
        .sum('amount as total')
        .first()
      const previousPaisa =
        previous?.total === null || previous?.total === undefined
          ? 0
          : decimalToPaisa(previous.total)
      donorCashTotalPaisa = previousPaisa + amount.paisa
      splitSuspected = donorCashTotalPaisa > limits.cashLimitPaisa
      if (splitSuspected && (await refuseSplitCash(trx))) {
        return {
          ok: false as const,
          problems: [
            {
              code: 'split_cash_refused',
              field: 'amount',
              params: {
                previous: rupees(previousPaisa),
                total: rupees(donorCashTotalPaisa),
                limit: rupees(limits.cashLimitPaisa),
              },
            },
          ],
        }
      }
    }

    const sequenceRow = await trx.rawQuery(
      `insert into donation_receipt_sequences (fiscal_year, last_sequence) values (?, 1)
         on conflict (fiscal_year)
         do update set last_sequence = donation_receipt_sequences.last_sequence + 1
         returning last_sequence`,
      [limits.fiscalYear]
    )
    const receiptNumber = formatReceiptNumber(limits.fiscalYear, sequenceRow.rows[0].last_sequence)

    const values = {
      fiscal_year: limits.fiscalYear,
      donor_type: input.donorType,
      donor_name: donorName,
      donor_citizenship_number: citizenshipNumber,
      donor_pan: pan,
      donor_address: clean(input.donorAddress),
      amount: paisaToDecimal(amount.paisa),
      payment_method: paymentMethod,
      bank_reference: bankReference,
      purpose,
      ec_reference_number: ecReferenceNumber,
      receipt_number: receiptNumber,
      received_on_bs: when.bsIso,
      received_on: when.adIso,
      recorded_by: input.recordedBy ?? null,
      member_id: input.memberId ?? null,
      split_suspected: splitSuspected,
      donor_cash_total: donorCashTotalPaisa === null ? null : paisaToDecimal(donorCashTotalPaisa),
    }
    const [row] = await trx
      .insertQuery()
      .table('donations')
      .insert(values)
      .returning(['id', 'is_above_limit', 'amount'])

    await trx
      .insertQuery()
      .table('audit_logs')
      .insert({
        user_id: input.recordedBy ?? null,
        action: 'created',
        auditable_type: 'donations',
        auditable_id: row.id,
        new_values: JSON.stringify({ id: row.id, ...values, is_above_limit: row.is_above_limit }),
        ip_address: input.audit?.ipAddress ?? null,
        user_agent: input.audit?.userAgent ?? null,
      })

    return {
      ok: true as const,
      donation: {
        id: row.id,
        receiptNumber,
        fiscalYear: limits.fiscalYear,
        receivedOn: when.adIso,
        receivedOnBs: when.bsIso,
        donorType: values.donor_type,
        donorName: donorName!,
        amountPaisa: decimalToPaisa(row.amount),
        paymentMethod,
        isAboveLimit: row.is_above_limit,
        requiresDisclosure: decision.requiresDisclosure,
        splitSuspected,
        donorCashTotalPaisa,
        cashLimitPaisa: limits.cashLimitPaisa,
        limitsFiscalYear: found.fromFiscalYear,
      },
    }
  })
}

/** The message key of a problem in resources/lang/{en,ne}/donations.json. */
export function donationProblemMessageKey(problem: DonationProblem): string {
  return problem.code === 'prohibited_donor' && problem.clause
    ? `donations.problems.prohibited_donor.${problem.clause}`
    : `donations.problems.${problem.code}`
}

export { PAYMENT_METHODS }
