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
import { throttle } from '#start/limiter'

const SessionController = () => import('#controllers/admin/session_controller')
const DashboardController = () => import('#controllers/admin/dashboard_controller')
const LocaleController = () => import('#controllers/locale_controller')
const HealthController = () => import('#controllers/health_controller')
const PortalController = () => import('#controllers/party/portal_controller')
const TenantsController = () => import('#controllers/admin/tenants_controller')
const JobsController = () => import('#controllers/admin/jobs_controller')

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

    router
      .group(() => {
        router.get('/tenants', [TenantsController, 'index']).as('tenants.index')
        router.get('/tenants/new', [TenantsController, 'create']).as('tenants.create')
        router.get('/tenants/slug-check', [TenantsController, 'checkSlug']).as('tenants.check_slug')
        router.post('/tenants', [TenantsController, 'store']).as('tenants.store')
        router.get('/tenants/:slug', [TenantsController, 'show']).as('tenants.show')
        router
          .get('/tenants/:slug/progress', [TenantsController, 'progress'])
          .as('tenants.progress')
        router.post('/tenants/:slug/retry', [TenantsController, 'retry']).as('tenants.retry')
        router.post('/tenants/:slug/suspend', [TenantsController, 'suspend']).as('tenants.suspend')
        router.post('/tenants/:slug/resume', [TenantsController, 'resume']).as('tenants.resume')
        router.post('/tenants/:slug/migrate', [TenantsController, 'migrate']).as('tenants.migrate')
        router.get('/tenants/:slug/drift', [TenantsController, 'drift']).as('tenants.drift')
        router
          .post('/tenants/:slug/drift/accept', [TenantsController, 'acceptDrift'])
          .as('tenants.accept_drift')
        router.get('/jobs', [JobsController, 'index']).as('jobs.index')
        router.post('/jobs/:id/retry', [JobsController, 'retry']).as('jobs.retry')
      })
      .use(middleware.auth())
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
  })
  .domain(`:tenant.${tenancyConfig.rootDomain}`)
  .as('portal')
  .use(middleware.tenant())
