import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import Admin from '#models/landlord/admin'
import { adminLoginValidator } from '#validators/admin_session'

/**
 * Failed logins per email and IP before the form is locked for a while.
 */
const loginLimiter = () =>
  limiter.use({ requests: 5, duration: '1 minute', blockDuration: '15 minutes' })

export default class SessionController {
  async create({ view }: HttpContext) {
    return view.render('pages/admin/login')
  }

  async store({ request, response, auth, session, i18n }: HttpContext) {
    const { email, password } = await request.validateUsing(adminLoginValidator)
    const key = `admin_login_${request.ip()}_${email.toLowerCase()}`

    const [throttled, admin] = await loginLimiter().penalize(key, () =>
      Admin.verifyCredentials(email, password)
    )

    if (throttled) {
      const minutes = Math.max(1, Math.ceil(throttled.response.availableIn / 60))
      session.flash('error', i18n.t('admin.login.throttled', { minutes }))
      session.flashOnly(['email'])
      return response.redirect().toRoute('admin.session.create')
    }

    await auth.use('admin').login(admin)
    admin.lastLoginAt = DateTime.now()
    await admin.save()
    return response.redirect().toRoute('admin.dashboard')
  }

  async destroy({ auth, response, session, i18n }: HttpContext) {
    await auth.use('admin').logout()
    // Nothing of the old session survives, not even its id.
    session.clear()
    session.regenerate()
    session.flash('success', i18n.t('admin.login.logged_out'))
    return response.redirect().toRoute('admin.session.create')
  }
}
