import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import db from '@adonisjs/lucid/services/db'
import StaffUser from '#models/party/staff_user'
import { staffLoginValidator } from '#validators/staff'
import { auditActorOf, recordAudit } from '#party/audit/audit_trail'
import { tenantContext } from '#tenancy/tenant_context'
import { rememberLocale } from '#support/locale_cookie'

/**
 * Failed sign-ins counted per account (any IP) and per IP (any account),
 * within one party; either limit locks the form for 15 minutes.
 */
function loginLimiter(tenantId: number, email: string, ip: string) {
  return limiter.multi([
    {
      key: `staff_login:${tenantId}:account:${email}`,
      requests: 5,
      duration: '15 minutes',
      blockDuration: '15 minutes',
    },
    {
      key: `staff_login:${tenantId}:ip:${ip}`,
      requests: 20,
      duration: '15 minutes',
      blockDuration: '15 minutes',
    },
  ])
}

/**
 * Staff sign-in and sign-out on a party's host.
 */
export default class SessionController {
  async create({ view, auth, response }: HttpContext) {
    if (await auth.use('staff').check()) return response.redirect('/dashboard')
    return view.render('pages/party/session/create')
  }

  async store(ctx: HttpContext) {
    const { request, response, auth, session, i18n, tenant } = ctx
    const { email, password } = await request.validateUsing(staffLoginValidator)
    const [throttled, user] = await loginLimiter(
      tenant!.id,
      email.toLowerCase(),
      request.ip()
    ).penalize(() => StaffUser.verifyCredentials(email, password))

    if (throttled) {
      const minutes = Math.max(1, Math.ceil(throttled.response.availableIn / 60))
      session.flash('error', i18n.t('auth.login.throttled', { minutes }))
      session.flashOnly(['email'])
      return response.redirect('/login')
    }

    await auth.use('staff').login(user)
    await db.connection(tenantContext.connectionName()).transaction(async (trx) => {
      user.useTransaction(trx)
      user.lastLoginAt = DateTime.now()
      await user.save()
      await recordAudit(trx, auditActorOf(ctx), {
        action: 'login',
        auditableType: 'users',
        auditableId: user.id,
      })
    })
    // The account's language wins over whatever the browser had picked.
    rememberLocale(response, user.locale)
    return response.redirect('/dashboard')
  }

  async destroy({ auth, response, session, i18n }: HttpContext) {
    await auth.use('staff').logout()
    session.flash('success', i18n.t('auth.login.logged_out'))
    return response.redirect('/login')
  }
}
