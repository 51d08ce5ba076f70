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
import { passwordResetThrottle, staffLoginThrottle, throttle } from '#start/limiter'
import { TENANT_PROGRESS_CHANNEL } from '#services/job_broadcast'
import Tenant from '#models/landlord/tenant'
import env from '#start/env'

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
const PasswordResetsController = () => import('#controllers/party/password_resets_controller')
const DonationsController = () => import('#controllers/party/donations_controller')
const DonationLimitsController = () => import('#controllers/party/donation_limits_controller')
const DesignatedDonorsController = () => import('#controllers/party/designated_donors_controller')
const CampaignsController = () => import('#controllers/party/campaigns_controller')
const CandidatesController = () => import('#controllers/party/candidates_controller')
const CandidateExpensesController = () => import('#controllers/party/candidate_expenses_controller')
const CampaignEventsController = () => import('#controllers/party/campaign_events_controller')
const SpendingCeilingsController = () => import('#controllers/party/spending_ceilings_controller')
const ElectionResultsController = () => import('#controllers/party/election_results_controller')
const CommitteesController = () => import('#controllers/party/committees_controller')
const ExpendituresController = () => import('#controllers/party/expenditures_controller')
const IncomeEntriesController = () => import('#controllers/party/income_entries_controller')
const FinancialReportsController = () => import('#controllers/party/financial_reports_controller')
const AuditLogsController = () => import('#controllers/party/audit_logs_controller')
const BypassedMembersController = () => import('#controllers/benchmark/bypassed_members_controller')

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
| Benchmark only (npm run bench -- http): the members list with tenancy bypassed, on the
| console host, registered only when BENCH_BYPASS_DATABASE names a tenant database.
*/
const bypassDatabase = env.get('BENCH_BYPASS_DATABASE')
if (bypassDatabase) {
  if (!bypassDatabase.startsWith(tenancyConfig.databasePrefix)) {
    throw new Error(
      `BENCH_BYPASS_DATABASE must name a tenant database (${tenancyConfig.databasePrefix}…)`
    )
  }
  router
    .group(() => {
      router.get('/__bench/members', [BypassedMembersController, 'index']).as('bench.members')
    })
    .domain(consoleHost)
}

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
    router.get('/forgot-password', [PasswordResetsController, 'create']).as('password_reset.create')
    router
      .post('/forgot-password', [PasswordResetsController, 'store'])
      .as('password_reset.store')
      .use(passwordResetThrottle)
    router
      .get('/reset-password/:token', [PasswordResetsController, 'edit'])
      .as('password_reset.edit')
    router
      .post('/reset-password/:token', [PasswordResetsController, 'update'])
      .as('password_reset.update')
      .use(passwordResetThrottle)
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
        router.get('/members/places', [MembersController, 'places']).as('members.places')
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
        router.get('/committees', [CommitteesController, 'index']).as('committees.index')
        router.get('/committees/new', [CommitteesController, 'create']).as('committees.create')
        router.post('/committees', [CommitteesController, 'store']).as('committees.store')
        router
          .group(() => {
            router.get('/', [CommitteesController, 'show']).as('show')
            router.get('/edit', [CommitteesController, 'edit']).as('edit')
            router.put('/', [CommitteesController, 'update']).as('update')
            router.delete('/', [CommitteesController, 'destroy']).as('destroy')
            router.post('/deactivate', [CommitteesController, 'deactivate']).as('deactivate')
            router.post('/seats', [CommitteesController, 'seat']).as('seats.store')
            router
              .post('/seats/:seat/end', [CommitteesController, 'endSeat'])
              .as('seats.end')
              .where('seat', router.matchers.number())
          })
          .prefix('/committees/:type/:id')
          .as('committees')
          .where('type', /^(central|provincial|district|local_level|ward)$/)
          .where('id', router.matchers.number())
        router
          .resource('members', MembersController)
          .except(['create'])
          .where('id', router.matchers.number())
        router.get('/donations/new', [DonationsController, 'create']).as('donations.create')
        router.get('/donations/export', [DonationsController, 'export']).as('donations.export')
        router
          .get('/donations/fiscal-year', [DonationsController, 'fiscalYear'])
          .as('donations.fiscal_year')
        router
          .get('/donations/:id/receipt', [DonationsController, 'receipt'])
          .as('donations.receipt')
          .where('id', router.matchers.number())
        router
          .post('/donations/:id/verify', [DonationsController, 'verify'])
          .as('donations.verify')
          .where('id', router.matchers.number())
        router
          .resource('donations', DonationsController)
          .only(['index', 'store', 'show', 'destroy'])
          .where('id', router.matchers.number())
        router
          .post('/donation-limits/split-cash', [DonationLimitsController, 'updateSplitCash'])
          .as('donation_limits.split_cash')
        router
          .resource('donation-limits', DonationLimitsController)
          .only(['index', 'store'])
          .as('donation_limits')
        router
          .resource('designated-donors', DesignatedDonorsController)
          .only(['index', 'store', 'destroy'])
          .as('designated_donors')
          .where('id', router.matchers.number())

        // Election campaign module: a party without it gets 404 on every one of these.
        router
          .group(() => {
            const id = router.matchers.number()
            // "new" pages as /…/new, like /members/new.
            router.get('/campaigns/new', [CampaignsController, 'create']).as('campaigns.create')
            router
              .get('/campaigns/:campaign_id/candidates/new', [CandidatesController, 'create'])
              .as('campaigns.candidates.create')
              .where('campaign_id', id)
            router
              .get('/campaigns/:campaign_id/events/new', [CampaignEventsController, 'create'])
              .as('campaigns.events.create')
              .where('campaign_id', id)
            router
              .resource('campaigns', CampaignsController)
              .except(['create', 'destroy'])
              .where('id', id)
            router
              .resource('campaigns.candidates', CandidatesController)
              .except(['index', 'create', 'destroy'])
              .where('campaign_id', id)
              .where('id', id)
            router
              .post('/campaigns/:campaign_id/candidates/:id/status', [
                CandidatesController,
                'status',
              ])
              .as('campaigns.candidates.status')
              .where('campaign_id', id)
              .where('id', id)
            router
              .resource('campaigns.candidates.expenses', CandidateExpensesController)
              .only(['store', 'destroy'])
              .where('campaign_id', id)
              .where('candidate_id', id)
              .where('id', id)
            router
              .resource('campaigns.events', CampaignEventsController)
              .except(['show', 'create', 'destroy'])
              .where('campaign_id', id)
              .where('id', id)
            router
              .resource('campaigns.ceilings', SpendingCeilingsController)
              .only(['index', 'store', 'update', 'destroy'])
              .where('campaign_id', id)
              .where('id', id)
            router
              .resource('campaigns.results', ElectionResultsController)
              .only(['index', 'store'])
              .where('campaign_id', id)
          })
          .use(middleware.requireModule({ module: 'election_campaign' }))

        // Finances: expenditure, other income (s.37), financial reports
        router
          .get('/expenditures/new', [ExpendituresController, 'create'])
          .as('expenditures.create')
        router
          .resource('expenditures', ExpendituresController)
          .except(['create', 'show'])
          .where('id', router.matchers.number())
        router.get('/income/new', [IncomeEntriesController, 'create']).as('income.create')
        router
          .resource('income', IncomeEntriesController)
          .except(['create', 'show'])
          .where('id', router.matchers.number())
        router
          .group(() => {
            router.get('/', [FinancialReportsController, 'index']).as('index')
            router.post('/', [FinancialReportsController, 'store']).as('store')
            router.get('/:id', [FinancialReportsController, 'show']).as('show')
            router.get('/:id/csv', [FinancialReportsController, 'export']).as('export')
            router.post('/:id/submit', [FinancialReportsController, 'submit']).as('submit')
            router.post('/:id/accept', [FinancialReportsController, 'accept']).as('accept')
            router.delete('/:id', [FinancialReportsController, 'destroy']).as('destroy')
          })
          .prefix('/financial-reports')
          .as('financial_reports')
          .where('id', router.matchers.number())

        // The audit log is read only: no route changes an entry.
        router.get('/audit-log', [AuditLogsController, 'index']).as('audit_logs.index')
        router
          .get('/audit-log/:id', [AuditLogsController, 'show'])
          .as('audit_logs.show')
          .where('id', router.matchers.number())
      })
      .use(middleware.staffAuth())
  })
  .as('portal')
  .use(middleware.tenant())
