/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import app from '@adonisjs/core/services/app'
import { middleware } from '#start/kernel'
import { throttle } from '#start/limiter'

const SessionController = () => import('#controllers/admin/session_controller')
const DashboardController = () => import('#controllers/admin/dashboard_controller')
const LocaleController = () => import('#controllers/locale_controller')
const HealthController = () => import('#controllers/health_controller')

router.get('/health', [HealthController, 'show']).as('health')
router.post('/locale', [LocaleController, 'update']).as('locale.update')

/**
 * Alpine.js, served from node_modules: the app never loads code from a CDN.
 */
router
  .get('/vendor/alpine.js', ({ response }) => {
    response.header('Cache-Control', 'public, max-age=86400')
    return response.download(app.makePath('node_modules/alpinejs/dist/cdn.min.js'))
  })
  .as('vendor.alpine')

router.get('/', ({ response }) => response.redirect().toRoute('admin.dashboard')).as('home')

router
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
