import type { HttpContext } from '@adonisjs/core/http'
import { LOCALE_COOKIE } from '#middleware/detect_user_locale_middleware'

/**
 * Sets the language cookie the locale middleware reads (a year, HTTP only).
 */
export function rememberLocale(response: HttpContext['response'], locale: string) {
  response.cookie(LOCALE_COOKIE, locale, { maxAge: '365 days', httpOnly: true, sameSite: 'lax' })
}
