import type { HttpContext } from '@adonisjs/core/http'
import StaffUser from '#models/party/staff_user'
import StaffPolicy from '#policies/staff_policy'
import { inviteStaffValidator } from '#validators/staff'
import { deactivateStaff, inviteStaff } from '#actions/staff/invite_staff'
import { auditActorOf } from '#party/audit/audit_trail'
import { LayeredMessagesProvider } from '#support/i18n_messages'
import { STAFF_ROLES } from '#party/staff/staff_roles'

/**
 * The party's staff accounts, managed by its admins.
 */
export default class StaffController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.with(StaffPolicy).authorize('viewList')
    const users = await StaffUser.query().orderBy('is_active', 'desc').orderBy('full_name')
    return view.render('pages/party/staff/index', { users })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.with(StaffPolicy).authorize('invite')
    return view.render('pages/party/staff/create', { roles: STAFF_ROLES })
  }

  async store(ctx: HttpContext) {
    const { request, response, bouncer, view, i18n } = ctx
    await bouncer.with(StaffPolicy).authorize('invite')
    const input = await request.validateUsing(inviteStaffValidator, {
      messagesProvider: new LayeredMessagesProvider(i18n, 'staff.validation'),
    })
    const { user, password } = await inviteStaff(
      {
        fullName: input.full_name,
        fullNameNp: input.full_name_np,
        email: input.email,
        role: input.role,
        locale: input.locale,
      },
      auditActorOf(ctx)
    )
    // The password is rendered once, never stored in the session or a flash message.
    response.header('Cache-Control', 'no-store')
    return view.render('pages/party/staff/invited', { user, password })
  }

  async deactivate(ctx: HttpContext) {
    const { params, bouncer, response, session, i18n } = ctx
    const user = await StaffUser.findOrFail(params.id)
    await bouncer.with(StaffPolicy).authorize('deactivate', user)
    await deactivateStaff(user, auditActorOf(ctx))
    session.flash('success', i18n.t('staff.flash.deactivated', { name: user.fullName }))
    return response.redirect('/staff')
  }
}
