import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import PasswordResetMail from '#mails/password_reset_mail'
import { forgotPasswordValidator, resetPasswordValidator } from '#validators/password_reset'
import { LayeredMessagesProvider } from '#support/i18n_messages'
import { auditActorOf } from '#party/audit/audit_trail'
import {
  isUsableResetToken,
  PASSWORD_RESET_TTL_MINUTES,
  requestPasswordReset,
  resetPassword,
} from '#party/staff/password_reset'

/**
 * Reset requests counted per email and per address, within one party,
 * whether or not the account exists (so the limit reveals nothing).
 */
function resetRequestLimiter(tenantId: number, email: string, ip: string) {
  return limiter.multi([
    {
      key: `password_reset:${tenantId}:email:${email}`,
      requests: 3,
      duration: '15 minutes',
      blockDuration: '15 minutes',
    },
    {
      key: `password_reset:${tenantId}:ip:${ip}`,
      requests: 10,
      duration: '15 minutes',
      blockDuration: '15 minutes',
    },
  ])
}

/** Pages carrying a reset token: never cached, never sent on as a Referer. */
function protectToken(response: HttpContext['response']) {
  response.header('Cache-Control', 'no-store')
  response.header('Referrer-Policy', 'no-referrer')
}

/**
 * "Forgot password" for party staff: a mailed, single-use link on the
 * party's own host.
 */
export default class PasswordResetsController {
  async create({ view }: HttpContext) {
    return view.render('pages/party/password_reset/request')
  }

  async store(ctx: HttpContext) {
    const { request, response, session, i18n, tenant } = ctx
    const { email } = await request.validateUsing(forgotPasswordValidator, {
      messagesProvider: new LayeredMessagesProvider(i18n, 'password_reset.validation'),
    })
    const limit = resetRequestLimiter(tenant!.id, email.toLowerCase(), request.ip())
    const requested = await limit.attempt(() => requestPasswordReset(email, auditActorOf(ctx)))
    if (requested === undefined) {
      const [byEmail, byIp] = await limit.get()
      const seconds = Math.max(byEmail?.availableIn ?? 0, byIp?.availableIn ?? 0)
      session.flash(
        'error',
        i18n.t('password_reset.request.throttled', {
          minutes: Math.max(1, Math.ceil(seconds / 60)),
        })
      )
      return response.redirect('/forgot-password')
    }
    if (requested) {
      const { user, token } = requested
      // The link goes to the host this request came to: this party's own (allow-listed) host.
      const url = `${request.protocol()}://${request.host()}/reset-password/${token}`
      // Queued: the answer takes as long whether or not a mail goes out.
      mail
        .sendLater(
          new PasswordResetMail({
            email: user.email,
            fullName: user.locale === 'ne' && user.fullNameNp ? user.fullNameNp : user.fullName,
            locale: user.locale,
            partyName: user.locale === 'ne' && tenant!.nameNe ? tenant!.nameNe : tenant!.name,
            url,
          })
        )
        .catch((error) => logger.error({ err: error }, 'could not queue a password-reset mail'))
    }
    session.flash(
      'success',
      i18n.t('password_reset.request.sent', { minutes: PASSWORD_RESET_TTL_MINUTES })
    )
    return response.redirect('/forgot-password')
  }

  async edit({ params, view, response }: HttpContext) {
    protectToken(response)
    if (!(await isUsableResetToken(params.token))) {
      response.status(404)
      return view.render('pages/party/password_reset/invalid')
    }
    return view.render('pages/party/password_reset/reset', { token: params.token })
  }

  async update(ctx: HttpContext) {
    const { params, request, response, session, i18n, view } = ctx
    protectToken(response)
    const { password } = await request.validateUsing(resetPasswordValidator, {
      messagesProvider: new LayeredMessagesProvider(i18n, 'password_reset.validation'),
    })
    const user = await resetPassword(params.token, password, auditActorOf(ctx))
    if (!user) {
      response.status(404)
      return view.render('pages/party/password_reset/invalid')
    }
    session.flash('success', i18n.t('password_reset.reset.done'))
    return response.redirect('/login')
  }
}
