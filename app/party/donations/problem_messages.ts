import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { donationProblemMessageKey, type DonationProblem } from '#actions/donations/record_donation'
import { decimalToPaisa } from '#party/donations/donation_amount'
import { formatPaisa } from '#party/calendar/nepali_format'

/** Form fields of the service's problem fields. */
export const DONATION_FORM_FIELDS: Record<string, string> = {
  donorType: 'donor_type',
  donorName: 'donor_name',
  citizenshipNumber: 'citizenship_number',
  pan: 'pan',
  amount: 'amount',
  currency: 'currency',
  paymentMethod: 'payment_method',
  bankReference: 'bank_reference',
  purpose: 'purpose',
  ecReferenceNumber: 'ec_reference_number',
  received: 'received_date',
}

/** Parameters of problem messages that are rupee amounts, shown in the reader's digits. */
const RUPEE_PARAMS = new Set(['limit', 'previous', 'total', 'max'])

/**
 * Translates refusals of the donation services into form errors in the
 * reader's language, each citing its clause of the Act where there is one.
 */
export function problemsToValidationError(
  { i18n }: HttpContext,
  problems: DonationProblem[],
  prefix = 'donations.problems',
  fields: Record<string, string> = DONATION_FORM_FIELDS
) {
  const locale = i18n.locale === 'ne' ? 'ne' : 'en'
  return new vineErrors.E_VALIDATION_ERROR(
    problems.map((problem) => {
      const params: Record<string, string | number> = {}
      for (const [key, value] of Object.entries(problem.params ?? {})) {
        params[key] = RUPEE_PARAMS.has(key)
          ? formatPaisa(decimalToPaisa(value), locale, { symbol: false })
          : value
      }
      const key =
        prefix === 'donations.problems'
          ? donationProblemMessageKey(problem)
          : i18n.hasMessage(`${prefix}.${problem.code}`)
            ? `${prefix}.${problem.code}`
            : `donations.problems.${problem.code}`
      return {
        field: fields[problem.field] ?? problem.field,
        rule: problem.code,
        message: i18n.t(key, params),
      }
    })
  )
}
