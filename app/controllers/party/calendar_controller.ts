import type { HttpContext } from '@adonisjs/core/http'
import { portalViewHelpers } from '#party/portal/view_helpers'

/**
 * The Bikram Sambat date of an AD date, for forms that show BS beside AD.
 */
export default class CalendarController {
  async show({ request, response, i18n }: HttpContext) {
    const date = String(request.input('date', ''))
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      return response.status(422).json({ bs: null })
    }
    const text = portalViewHelpers(i18n.locale).formatDate(date)
    // formatDate writes "BS (AD)"; the form already shows AD.
    return response.json({ bs: text.includes(' (') ? text.slice(0, text.lastIndexOf(' (')) : null })
  }
}
