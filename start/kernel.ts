/*
|--------------------------------------------------------------------------
| HTTP kernel file
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

/**
 * Runs on every request, matched route or not.
 */
server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('#middleware/host_allow_list_middleware'),
  () => import('#middleware/public_files_middleware'),
])

/**
 * Runs on requests with a matching route.
 */
router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('@adonisjs/session/session_middleware'),
  () => import('#middleware/detect_user_locale_middleware'),
  () => import('@adonisjs/shield/shield_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
])

/**
 * Named middleware, applied per route.
 */
export const middleware = router.named({
  guest: () => import('#middleware/guest_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  tenant: () => import('#middleware/resolve_tenant_middleware'),
  uploads: () => import('#middleware/process_uploads_middleware'),
  staffAuth: () => import('#middleware/staff_auth_middleware'),
  requireModule: () => import('#middleware/require_module_middleware'),
})
