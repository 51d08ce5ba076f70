import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import tenancyConfig from '#config/tenancy'
import Tenant from '#models/landlord/tenant'
import TenantTemplate from '#models/landlord/tenant_template'
import TemplateModule from '#models/landlord/template_module'
import TenantMigrationHistory from '#models/landlord/tenant_migration_history'
import TenantSchemaSnapshot from '#models/landlord/tenant_schema_snapshot'
import JobRun from '#models/landlord/job_run'
import { listTenants } from '#admin/queries/list_tenants'
import { PROVISIONING_STAGES, provisioningStatus } from '#admin/queries/provisioning_status'
import { createTenant, TenantInputException } from '#actions/tenants/create_tenant'
import {
  addModule,
  deleteTenant,
  queueFleetMigrations,
  queueMigrations,
  resumeTenant,
  startProvisioning,
  suspendTenant,
  TenantStateException,
} from '#actions/tenants/manage_tenant'
import { addDomain, dnsTargetFor, verifyDomain } from '#actions/tenants/custom_domains'
import Domain from '#models/landlord/domain'
import { newTenantValidator, slugCheckValidator, slugUnavailability } from '#validators/tenant'
import { driftEntries } from '#tenancy/drift_entries'
import { tenantProgressChannel } from '#services/job_broadcast'
import { PROVISION_TENANT_JOB } from '#jobs/provision_tenant_job'

/**
 * The party's portal address as seen from this request (same scheme and port).
 */
function portalUrl(request: HttpContext['request'], slug: string) {
  const port = request.host()?.split(':')[1]
  return `${request.protocol()}://${slug}.${tenancyConfig.rootDomain}${port ? `:${port}` : ''}/`
}

export default class TenantsController {
  async index({ request, view }: HttpContext) {
    const { result, filters } = await listTenants({
      search: request.input('q'),
      status: request.input('status'),
      page: Number(request.input('page', 1)),
    })
    result.baseUrl(request.url())
    result.queryString({ q: filters.search, status: filters.status })
    return view.render('pages/admin/tenants/index', { tenants: result, filters })
  }

  async create({ view, session }: HttpContext) {
    const templates = await TenantTemplate.query().orderBy('is_active', 'desc').orderBy('name')
    const modules = await TemplateModule.query().orderBy('name')
    const old = (key: string) => session.flashMessages.get(key)
    const errors = (session.flashMessages.get('inputErrorsBag') ?? {}) as Record<string, unknown>
    // After a failed submit, open the first step that has an error.
    const errorStep = errors.template ? 2 : errors.modules ? 3 : 1
    const oldModules = old('modules')
    const wizardConfig = {
      step: Object.keys(errors).length > 0 ? (errors.name || errors.slug ? 1 : errorStep) : 1,
      name: old('name') ?? '',
      slug: old('slug') ?? '',
      template: old('template') ?? templates.find((template) => template.isActive)?.name ?? '',
      modules: Array.isArray(oldModules) ? oldModules : [],
      dependsOn: Object.fromEntries(modules.map((module) => [module.name, module.dependsOn])),
      slugCheckUrl: router.makeUrl('admin.tenants.check_slug'),
    }
    return view.render('pages/admin/tenants/create', {
      templates,
      modules,
      rootDomain: tenancyConfig.rootDomain,
      wizardConfig: JSON.stringify(wizardConfig),
    })
  }

  /**
   * The wizard's live slug check: whether it is free, and why not.
   */
  async checkSlug({ request, response, i18n }: HttpContext) {
    const { slug } = await request.validateUsing(slugCheckValidator)
    const problem = await slugUnavailability(slug)
    return response.json({
      slug,
      available: problem === null,
      message: problem ? i18n.t(`validator.shared.messages.${problem}`) : null,
      host: `${slug}.${tenancyConfig.rootDomain}`,
    })
  }

  async store({ request, response, session, i18n }: HttpContext) {
    const input = await request.validateUsing(newTenantValidator)
    let tenant: Tenant
    try {
      tenant = await createTenant({
        slug: input.slug,
        name: input.name,
        nameNe: input.name_ne,
        template: input.template,
        modules: input.modules,
      })
    } catch (error) {
      // Lost a race for the slug (or the catalog changed) after validation.
      if (!(error instanceof TenantInputException)) throw error
      session.flash('error', i18n.t('admin.wizard.not_created'))
      session.flashAll()
      return response.redirect().toRoute('admin.tenants.create')
    }
    tenant.contactEmail = input.contact_email ?? null
    tenant.contactPhone = input.contact_phone ?? null
    await tenant.save()
    await startProvisioning(tenant)
    return response.redirect().toRoute('admin.tenants.show', { slug: tenant.slug })
  }

  async show({ params, request, view }: HttpContext) {
    const tenant = await Tenant.query()
      .where('slug', params.slug)
      .preload('template')
      .preload('modules', (modules) => modules.orderBy('name'))
      .preload('domains')
      .firstOrFail()
    const history = await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .orderBy('id', 'asc')
    const layers = new Map<string, TenantMigrationHistory[]>()
    for (const row of history) {
      const key = row.migrationType === 'module' ? `module:${row.module}` : row.migrationType
      layers.set(key, [...(layers.get(key) ?? []), row])
    }
    const snapshots = await TenantSchemaSnapshot.query()
      .select('id', 'schema_hash', 'reason', 'created_at')
      .where('tenant_id', tenant.id)
      .orderBy('id', 'desc')
      .limit(10)
    const jobs = await JobRun.query().where('tenant_id', tenant.id).orderBy('id', 'desc').limit(10)
    const status = await provisioningStatus(tenant)
    const attached = new Set(tenant.modules.map((module) => module.name))
    const activeModules = await TemplateModule.query().where('is_active', true).orderBy('name')
    const addableModules = activeModules.filter((module) => !attached.has(module.name))
    return view.render('pages/admin/tenants/show', {
      tenant,
      layers: [...layers.entries()],
      snapshots,
      jobs,
      status,
      stages: PROVISIONING_STAGES,
      rootDomain: tenancyConfig.rootDomain,
      dnsTarget: dnsTargetFor(tenant),
      addableModules,
      portalUrl: portalUrl(request, tenant.slug),
      progressConfig: JSON.stringify({
        initial: status,
        stages: PROVISIONING_STAGES,
        url: router.makeUrl('admin.tenants.progress', { slug: tenant.slug }),
        // Server-sent events first; the page polls `url` when they fail.
        live: {
          client: router.makeUrl('vendor.transmit'),
          channel: tenantProgressChannel(tenant.slug),
          job: PROVISION_TENANT_JOB,
          csrfToken: request.csrfToken,
        },
      }),
    })
  }

  /**
   * Provisioning progress as JSON, read from the landlord (the progress page's catch-up
   * after subscribing, and its polling when server-sent events fail).
   */
  async progress({ params, response }: HttpContext) {
    const tenant = await Tenant.findByOrFail('slug', params.slug)
    return response.json(await provisioningStatus(tenant))
  }

  async retry(ctx: HttpContext) {
    return this.#act(ctx, 'retried', (tenant) => startProvisioning(tenant))
  }

  async suspend(ctx: HttpContext) {
    return this.#act(ctx, 'suspended', suspendTenant)
  }

  async resume(ctx: HttpContext) {
    return this.#act(ctx, 'resumed', resumeTenant)
  }

  async migrate(ctx: HttpContext) {
    return this.#act(ctx, 'migrations_queued', (tenant) => queueMigrations(tenant))
  }

  /**
   * Gives the party's first admin a new password and shows it once (never
   * stored anywhere it could be shown again).
   */
  async adminCredentials({ params, response, view, session, i18n }: HttpContext) {
    const tenant = await Tenant.findByOrFail('slug', params.slug)
    if (tenant.status !== 'active') {
      session.flash('error', i18n.t('admin.errors.cannot_reset_admin', { status: tenant.status }))
      return response.redirect().toRoute('admin.tenants.show', { slug: tenant.slug })
    }
    const { default: tenancy } = await import('#tenancy/services/tenancy')
    const { resetFirstAdminPassword } = await import('#actions/staff/ensure_first_admin')
    const credentials = await tenancy.run(tenant, () => resetFirstAdminPassword())
    response.header('Cache-Control', 'no-store')
    return view.render('pages/admin/tenants/credentials', { tenant, credentials })
  }

  /**
   * Queues pending migrations for every active party (one job each).
   */
  async migrateAll({ response, session, i18n }: HttpContext) {
    const runs = await queueFleetMigrations()
    session.flash('success', i18n.t('admin.actions.fleet_queued', { count: runs.length }))
    return response.redirect().toRoute('admin.jobs.index', {}, { qs: { status: 'queued' } })
  }

  async addModule(ctx: HttpContext) {
    const name = String(ctx.request.input('module', ''))
    return this.#act(ctx, 'module_added', (tenant) => addModule(tenant, name))
  }

  async addDomain(ctx: HttpContext) {
    const domain = String(ctx.request.input('domain', '')).slice(0, 300)
    return this.#act(ctx, 'domain_added', (tenant) => addDomain(tenant, domain))
  }

  async verifyDomain({ params, response, session, i18n }: HttpContext) {
    const tenant = await Tenant.findByOrFail('slug', params.slug)
    const domain = await Domain.query()
      .where('tenant_id', tenant.id)
      .where('id', Number(params.id) || 0)
      .firstOrFail()
    const result = await verifyDomain(tenant, domain)
    if (result.verified) {
      session.flash('success', i18n.t('admin.actions.domain_verified', { domain: domain.domain }))
    } else {
      session.flash(
        'error',
        i18n.t('admin.errors.domain_unverified', {
          domain: domain.domain,
          expected: result.expected,
          found: result.found.join(', ') || '—',
        })
      )
    }
    return response.redirect().toRoute('admin.tenants.show', { slug: tenant.slug })
  }

  async removeDomain(ctx: HttpContext) {
    const id = Number(ctx.params.id) || 0
    return this.#act(ctx, 'domain_removed', async (tenant) => {
      await Domain.query().where('tenant_id', tenant.id).where('id', id).delete()
    })
  }

  /**
   * The delete page: what goes, and the typed confirmation.
   */
  async confirmDestroy({ params, view }: HttpContext) {
    const tenant = await Tenant.findByOrFail('slug', params.slug)
    return view.render('pages/admin/tenants/delete', { tenant })
  }

  async destroy({ params, request, response, session, i18n }: HttpContext) {
    const tenant = await Tenant.findByOrFail('slug', params.slug)
    if (request.input('confirm_slug') !== tenant.slug) {
      session.flash('error', i18n.t('admin.errors.delete_confirm'))
      return response.redirect().toRoute('admin.tenants.confirm_destroy', { slug: tenant.slug })
    }
    try {
      await deleteTenant(tenant)
    } catch (error) {
      if (!(error instanceof TenantStateException)) throw error
      session.flash('error', i18n.t(`admin.errors.${error.reason}`, { status: tenant.status }))
      return response.redirect().toRoute('admin.tenants.show', { slug: tenant.slug })
    }
    session.flash('success', i18n.t('admin.actions.deleted', { party: tenant.name }))
    return response.redirect().toRoute('admin.tenants.index')
  }

  /**
   * Compares the live schema with the last accepted snapshot.
   */
  async drift({ params, view }: HttpContext) {
    const tenant = await Tenant.findByOrFail('slug', params.slug)
    if (tenant.status !== 'active') throw new TenantStateException('cannot_check_drift')
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const report = await provisioner.driftReport(tenant)
    return view.render('pages/admin/tenants/drift', {
      tenant,
      report,
      entries: driftEntries(report),
    })
  }

  /**
   * Accepts the live schema as the new baseline; needs the explicit confirmation box.
   */
  async acceptDrift(ctx: HttpContext) {
    const { request, session, i18n, response, params } = ctx
    if (request.input('confirm') !== 'yes') {
      session.flash('error', i18n.t('admin.drift.confirm_required'))
      return response.redirect().toRoute('admin.tenants.drift', { slug: params.slug })
    }
    return this.#act(ctx, 'drift_accepted', async (tenant) => {
      if (tenant.status !== 'active') throw new TenantStateException('cannot_check_drift')
      const { default: provisioner } = await import('#tenancy/services/provisioner')
      await provisioner.acceptDrift(tenant)
    })
  }

  /**
   * Runs a tenant action, then back to the tenant's page with its outcome.
   */
  async #act(
    { params, response, session, i18n }: HttpContext,
    done: string,
    action: (tenant: Tenant) => Promise<unknown>
  ) {
    const tenant = await Tenant.findByOrFail('slug', params.slug)
    try {
      await action(tenant)
      session.flash('success', i18n.t(`admin.actions.${done}`, { party: tenant.name }))
    } catch (error) {
      if (!(error instanceof TenantStateException)) throw error
      session.flash('error', i18n.t(`admin.errors.${error.reason}`, { status: tenant.status }))
    }
    return response.redirect().toRoute('admin.tenants.show', { slug: tenant.slug })
  }
}
