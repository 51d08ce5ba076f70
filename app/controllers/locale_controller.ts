import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import { rememberLocale } from '#support/locale_cookie'

/**
 * Remembers the language a person picked in the header switch.
 */
export default class LocaleController {
  async update({ request, response, auth, tenant }: HttpContext) {
    const locale = String(request.input('locale', ''))
    if (i18nManager.supportedLocales().includes(locale)) {
      rememberLocale(response, locale)
      // Signed-in party staff keep their choice on their account too.
      if (tenant && (await auth.use('staff').check())) {
        const user = auth.use('staff').user!
        user.locale = locale
        await user.save()
      }
    }
    return response.redirect().back()
  }
}
