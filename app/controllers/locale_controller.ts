import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import { LOCALE_COOKIE } from '#middleware/detect_user_locale_middleware'

/**
 * Remembers the language a person picked in the header switch.
 */
export default class LocaleController {
  async update({ request, response }: HttpContext) {
    const locale = String(request.input('locale', ''))
    if (i18nManager.supportedLocales().includes(locale)) {
      response.cookie(LOCALE_COOKIE, locale, {
        maxAge: '365 days',
        httpOnly: true,
        sameSite: 'lax',
      })
    }
    return response.redirect().back()
  }
}
