import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { adToBs } from '#party/calendar/bikram_sambat'
import { formatBsDate, formatPaisa, toDevanagariDigits } from '#party/calendar/nepali_format'
import { basisPointsText } from '#party/campaigns/campaign_rules'
import { instantToNepalLocal } from '#party/campaigns/nepal_time'
import { CampaignRuleError } from '#party/campaigns/campaign_errors'
import { LayeredMessagesProvider } from '#support/i18n_messages'
import { portalViewHelpers } from '#party/portal/view_helpers'
import { isoDay } from '#actions/campaigns/campaign_changes'

/**
 * Formatting the campaign pages need beyond the staff helpers: money held
 * as bigint paisa, percentages in hundredths, times of day in Nepal.
 */
export function campaignViewHelpers(locale: string) {
  const loc = locale === 'ne' ? 'ne' : 'en'
  const digits = (text: string) => (loc === 'ne' ? toDevanagariDigits(text) : text)
  const { formatDate } = portalViewHelpers(loc)
  return {
    /** A date column (JS Date at local midnight) or `YYYY-MM-DD` as BS with AD beside. */
    dayText(value: Date | string | null | undefined) {
      if (!value) return ''
      return formatDate(value instanceof Date ? isoDay(value) : value)
    },
    /** A date column as a date input's value. */
    dayValue(value: Date | string | null | undefined) {
      if (!value) return ''
      return value instanceof Date ? (isoDay(value) ?? '') : value
    },
    money(paisa: bigint | number | string | null | undefined) {
      if (paisa === null || paisa === undefined) return ''
      return formatPaisa(Number(paisa), loc)
    },
    /** Hundredths of a percent → `80.00 %` (Devanagari digits in Nepali). */
    percent(basisPoints: bigint | null | undefined) {
      if (basisPoints === null || basisPoints === undefined) return '—'
      return `${digits(basisPointsText(basisPoints))} %`
    },
    /** An instant as its Nepal date (BS, AD beside) and time of day. */
    nepalTime(instant: Date | string | null | undefined) {
      if (!instant) return ''
      const local = instantToNepalLocal(new Date(instant))
      const [day, time] = local.split('T')
      try {
        const bs = formatBsDate(adToBs(new Date(`${day}T00:00:00Z`)), loc)
        return `${bs} ${digits(time)} (${digits(day)})`
      } catch {
        return digits(`${day} ${time}`)
      }
    },
    /** An instant as a datetime-local value in Nepal time. */
    nepalLocal(instant: Date | string | null | undefined) {
      return instant ? instantToNepalLocal(new Date(instant)) : ''
    },
    /** Form value of a paisa amount in rupees (`25000.5` → `25000.50`). */
    rupeesValue(paisa: bigint | number | string | null | undefined) {
      if (paisa === null || paisa === undefined) return ''
      const value = BigInt(paisa)
      const fraction = value % 100n
      return fraction === 0n
        ? String(value / 100n)
        : `${value / 100n}.${String(fraction).padStart(2, '0')}`
    },
    digitsOf(value: number | string | null | undefined) {
      return value === null || value === undefined ? '' : digits(String(value))
    },
  }
}

/** Validation messages of the campaign forms: `campaigns.validation`, then the shared ones. */
export function campaignMessages(ctx: HttpContext) {
  return { messagesProvider: new LayeredMessagesProvider(ctx.i18n, 'campaigns.validation') }
}

/**
 * Runs a change; a refused campaign rule becomes a form error on its field
 * (the form comes back with the message, nothing is saved).
 */
export async function asFormErrors<T>(ctx: HttpContext, change: () => Promise<T>): Promise<T> {
  try {
    return await change()
  } catch (error) {
    if (!(error instanceof CampaignRuleError)) throw error
    throw new vineErrors.E_VALIDATION_ERROR([
      {
        field: error.field,
        rule: error.code,
        message: ctx.i18n.t(`campaigns.errors.${error.code}`, error.params),
      },
    ])
  }
}

/** Renders a campaign page with the helpers and `active` nav item. */
export function renderCampaignPage(
  ctx: HttpContext,
  template: string,
  data: Record<string, unknown>
) {
  return ctx.view.render(template, {
    ...campaignViewHelpers(ctx.i18n.locale),
    active: 'campaigns',
    ...data,
  })
}
