/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| Hosts are sorted before routing (HostAllowListMiddleware, start/kernel.ts):
| anything not on an allow-list is a 404 before it reaches a route.
|
| - console: the platform's routes, bound to its one host (ADMIN_DOMAIN, or
|   the root domain when unset) with .domain();
| - probe hosts (localhost, 127.0.0.1, [::1]): /health only;
| - party portals (<slug>.<root> and verified custom domains): every other
|   host that passed the allow-list, so portal routes carry no domain. Add
|   party routes inside the portal group below.
|
*/
import router from '@adonisjs/core/services/router'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import transmit from '@adonisjs/transmit/services/main'
import tenancyConfig from '#config/tenancy'
import { middleware } from '#start/kernel'
import { staffLoginThrottle, throttle } from '#start/limiter'
import { TENANT_PROGRESS_CHANNEL } from '#services/job_broadcast'
import Tenant from '#models/landlord/tenant'

const SessionController = () => import('#controllers/admin/session_controller')
const DashboardController = () => import('#controllers/admin/dashboard_controller')
const LocaleController = () => import('#controllers/locale_controller')
const HealthController = () => import('#controllers/health_controller')
const PortalController = () => import('#controllers/party/portal_controller')
const TenantsController = () => import('#controllers/admin/tenants_controller')
const JobsController = () => import('#controllers/admin/jobs_controller')
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

/**
 * The server-sent events client (an ES module), served from node_modules too.
 */
function serveTransmitClient({ response }: HttpContext) {
  response.header('Cache-Control', 'public, max-age=86400')
  response.header('Content-Type', 'text/javascript; charset=utf-8')
  return response.download(app.makePath('node_modules/@adonisjs/transmit-client/build/index.js'))
}

/**
 * A tenant's job progress is for signed-in super-admins, and only for a
 * tenant that exists.
 */
transmit.authorize<{ slug: string }>(
  TENANT_PROGRESS_CHANNEL,
  async (ctx: HttpContext, { slug }) => {
    if (!(await ctx.auth.use('admin').check())) return false
    return (await Tenant.findBy('slug', slug)) !== null
  }
)

/*
| Console (platform)
*/
const consoleHost = tenancyConfig.adminDomain || tenancyConfig.rootDomain

router
  .group(() => {
    router.get('/health', [HealthController, 'show']).as('health')
    router.post('/locale', [LocaleController, 'update']).as('locale.update')
    router.get('/vendor/alpine.js', serveAlpine).as('vendor.alpine')
    router.get('/vendor/transmit.js', serveTransmitClient).as('vendor.transmit')
    router.get('/', ({ response }) => response.redirect().toRoute('admin.dashboard')).as('home')

    // Server-sent events (/__transmit/events, subscribe, unsubscribe): console host only,
    // signed-in super-admins only; channels are authorized above.
    transmit.registerRoutes((route) => route.use(middleware.auth()))

    router
      .group(() => {
        router
          .get('/login', [SessionController, 'create'])
          .as('session.create')
          .use(middleware.guest())
        router
          .post('/login', [SessionController, 'store'])
          .as('session.store')
          .use([middleware.guest(), throttle])
        router
          .post('/logout', [SessionController, 'destroy'])
          .as('session.destroy')
          .use(middleware.auth())
        router.get('/', [DashboardController, 'index']).as('dashboard').use(middleware.auth())

        router
          .group(() => {
            router.get('/tenants', [TenantsController, 'index']).as('tenants.index')
            router.get('/tenants/new', [TenantsController, 'create']).as('tenants.create')
            router
              .get('/tenants/slug-check', [TenantsController, 'checkSlug'])
              .as('tenants.check_slug')
            router.post('/tenants', [TenantsController, 'store']).as('tenants.store')
            router.get('/tenants/:slug', [TenantsController, 'show']).as('tenants.show')
            router
              .get('/tenants/:slug/progress', [TenantsController, 'progress'])
              .as('tenants.progress')
            router.post('/tenants/:slug/retry', [TenantsController, 'retry']).as('tenants.retry')
            router
              .post('/tenants/:slug/suspend', [TenantsController, 'suspend'])
              .as('tenants.suspend')
            router.post('/tenants/:slug/resume', [TenantsController, 'resume']).as('tenants.resume')
            router
              .post('/tenants/:slug/migrate', [TenantsController, 'migrate'])
              .as('tenants.migrate')
            router.get('/tenants/:slug/drift', [TenantsController, 'drift']).as('tenants.drift')
            router
              .post('/tenants/:slug/drift/accept', [TenantsController, 'acceptDrift'])
              .as('tenants.accept_drift')
            router
              .post('/tenants/migrate-all', [TenantsController, 'migrateAll'])
              .as('tenants.migrate_all')
            router
              .post('/tenants/:slug/admin-credentials', [TenantsController, 'adminCredentials'])
              .as('tenants.admin_credentials')
            router
              .post('/tenants/:slug/modules', [TenantsController, 'addModule'])
              .as('tenants.add_module')
            router
              .post('/tenants/:slug/domains', [TenantsController, 'addDomain'])
              .as('tenants.add_domain')
            router
              .post('/tenants/:slug/domains/:id/verify', [TenantsController, 'verifyDomain'])
              .as('tenants.verify_domain')
            router
              .post('/tenants/:slug/domains/:id/remove', [TenantsController, 'removeDomain'])
              .as('tenants.remove_domain')
            router
              .get('/tenants/:slug/delete', [TenantsController, 'confirmDestroy'])
              .as('tenants.confirm_destroy')
            router
              .post('/tenants/:slug/delete', [TenantsController, 'destroy'])
              .as('tenants.destroy')
            router.get('/jobs', [JobsController, 'index']).as('jobs.index')
            router.post('/jobs/:id/retry', [JobsController, 'retry']).as('jobs.retry')
          })
          .use(middleware.auth())
      })
      .prefix('/admin')
      .as('admin')
  })
  .domain(consoleHost)

/*
| Probe hosts: the health check for load balancers and containers
*/
for (const host of tenancyConfig.probeHosts.filter((name) => name !== consoleHost)) {
  router
    .group(() => {
      router.get('/health', [HealthController, 'show']).as('health')
    })
    .domain(host)
}

/*
| Party portals (any host the allow-list sorted as a party's)
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
          .use(middleware.uploads())
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
  .as('portal')
  .use(middleware.tenant())
