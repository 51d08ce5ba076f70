/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| Two sets: the platform's (super-admin console, health) on the root host,
| and each party's portal on <slug>.<TENANT_ROOT_DOMAIN>, where only the
| portal routes exist.
|
*/
import router from '@adonisjs/core/services/router'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import tenancyConfig from '#config/tenancy'
import { middleware } from '#start/kernel'
import { staffLoginThrottle, throttle } from '#start/limiter'

const SessionController = () => import('#controllers/admin/session_controller')
const DashboardController = () => import('#controllers/admin/dashboard_controller')
const LocaleController = () => import('#controllers/locale_controller')
const HealthController = () => import('#controllers/health_controller')
const PortalController = () => import('#controllers/party/portal_controller')
const StaffSessionController = () => import('#controllers/party/session_controller')
const StaffDashboardController = () => import('#controllers/party/dashboard_controller')
const StaffController = () => import('#controllers/party/staff_controller')
const MembersController = () => import('#controllers/party/members_controller')
const MemberImportsController = () => import('#controllers/party/member_imports_controller')
const CalendarController = () => import('#controllers/party/calendar_controller')

/**
 * Alpine.js, served from node_modules: the app never loads code from a CDN.
 */
function serveAlpine({ response }: HttpContext) {
  response.header('Cache-Control', 'public, max-age=86400')
  return response.download(app.makePath('node_modules/alpinejs/dist/cdn.min.js'))
}

/*
| Platform
*/
router.get('/health', [HealthController, 'show']).as('health')
router.post('/locale', [LocaleController, 'update']).as('locale.update')
router.get('/vendor/alpine.js', serveAlpine).as('vendor.alpine')
router.get('/', ({ response }) => response.redirect().toRoute('admin.dashboard')).as('home')

const admin = router
  .group(() => {
    router.get('/login', [SessionController, 'create']).as('session.create').use(middleware.guest())
    router
      .post('/login', [SessionController, 'store'])
      .as('session.store')
      .use([middleware.guest(), throttle])
    router
      .post('/logout', [SessionController, 'destroy'])
      .as('session.destroy')
      .use(middleware.auth())
    router.get('/', [DashboardController, 'index']).as('dashboard').use(middleware.auth())
  })
  .prefix('/admin')
  .as('admin')
if (tenancyConfig.adminDomain) admin.domain(tenancyConfig.adminDomain)

/*
| Party portals
*/
router
  .group(() => {
    router.get('/', [PortalController, 'home']).as('home')
    router.post('/locale', [LocaleController, 'update']).as('locale.update')
    router.get('/vendor/alpine.js', serveAlpine).as('vendor.alpine')

    // Party staff
    router.get('/login', [StaffSessionController, 'create']).as('session.create')
    router
      .post('/login', [StaffSessionController, 'store'])
      .as('session.store')
      .use(staffLoginThrottle)
    router
      .group(() => {
        router.post('/logout', [StaffSessionController, 'destroy']).as('session.destroy')
        router.get('/dashboard', [StaffDashboardController, 'index']).as('dashboard')
        router.get('/calendar/bs', [CalendarController, 'show']).as('calendar.bs')
        router.get('/staff', [StaffController, 'index']).as('staff.index')
        router.get('/staff/new', [StaffController, 'create']).as('staff.create')
        router.post('/staff', [StaffController, 'store']).as('staff.store')
        router
          .post('/staff/:id/deactivate', [StaffController, 'deactivate'])
          .as('staff.deactivate')
          .where('id', router.matchers.number())
        router.get('/members/new', [MembersController, 'create']).as('members.create')
        router.get('/members/export', [MembersController, 'export']).as('members.export')
        router.get('/members/import', [MemberImportsController, 'create']).as('members.import')
        router
          .post('/members/import/preview', [MemberImportsController, 'preview'])
          .as('members.import.preview')
        router
          .post('/members/import', [MemberImportsController, 'store'])
          .as('members.import.store')
        router
          .post('/members/:id/restore', [MembersController, 'restore'])
          .as('members.restore')
          .where('id', router.matchers.number())
        router
          .resource('members', MembersController)
          .except(['create'])
          .where('id', router.matchers.number())
      })
      .use(middleware.staffAuth())
  })
  .domain(`:tenant.${tenancyConfig.rootDomain}`)
  .as('portal')
  .use(middleware.tenant())
