import { BaseMail } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'
import { PASSWORD_RESET_TTL_MINUTES } from '#party/staff/password_reset'

export interface PasswordResetMailInput {
  email: string
  fullName: string
  /** The account's language: the mail is written in it. */
  locale: string
  partyName: string
  /** The reset link, on the host the request came to. */
  url: string
}

/**
 * The mail with a staff member's password-reset link, in their language.
 */
export default class PasswordResetMail extends BaseMail {
  constructor(public input: PasswordResetMailInput) {
    super()
  }

  prepare() {
    const locale = i18nManager.supportedLocales().includes(this.input.locale)
      ? this.input.locale
      : i18nManager.defaultLocale
    const i18n = i18nManager.locale(locale)
    const minutes = PASSWORD_RESET_TTL_MINUTES
    const data = {
      lang: locale,
      url: this.input.url,
      subject: i18n.t('password_reset.mail.subject', { party: this.input.partyName }),
      greeting: i18n.t('password_reset.mail.greeting', { name: this.input.fullName }),
      intro: i18n.t('password_reset.mail.intro', { party: this.input.partyName }),
      action: i18n.t('password_reset.mail.action'),
      expiry: i18n.t('password_reset.mail.expiry', { minutes }),
      ignore: i18n.t('password_reset.mail.ignore'),
    }
    this.message
      .to(this.input.email, this.input.fullName)
      .subject(data.subject)
      .htmlView('emails/password_reset_html', data)
      .textView('emails/password_reset_text', data)
  }
}
