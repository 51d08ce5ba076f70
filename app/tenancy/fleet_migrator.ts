import { existsSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { ApplicationService } from '@adonisjs/core/types'
import type { Database } from '@adonisjs/lucid/database'
import type Tenant from '#models/landlord/tenant'
import TemplateModule from '#models/landlord/template_module'
import type { TenantConnectionManager } from '#tenancy/connection_manager'
import type { LayerType, MigrationLayer } from '#tenancy/layers'
import { DatabaseServer } from '#tenancy/database_server'
import { resolveLayers, resolveModuleOrder } from '#tenancy/layers'
import { sourceFilesIn } from '#tenancy/tenant_layers'

/**
 * What the landlord alone says about one tenant: the migrations on disk
 * its history does not record as applied, by layer key.
 */
export interface FleetPlanEntry {
  tenant: Tenant
  /** Its layers, resolved from the landlord as the plan read it (all types). */
  layers: MigrationLayer[]
  /** Pending migration names per layer key (only layers with some). */
  pending: Record<string, string[]>
  /** No applied history at all: only its database can tell (it is opened). */
  unknown: boolean
  /** Its database is missing from its server. */
  missingDatabase: boolean
}

export type FleetResultStatus = 'ok' | 'failed' | 'skipped' | 'unknown'

export interface FleetResult {
  slug: string
  tenantId: number | null
  status: FleetResultStatus
  applied: number
  pending: number
  durationMs: number
  error?: string | null
}

/**
 * Plans and records fleet migrations. The plan reads the landlord only
 * (tenant_migrations_history against the files on disk, and one
 * pg_database listing per server), so a run where nothing is pending opens
 * no tenant database. Runs and per-tenant results are kept in
 * fleet_migration_runs / fleet_migration_results for --resume and
 * --skip-failing.
 */
export class FleetMigrator {
  #files = new Map<string, string[]>()

  constructor(
    protected app: ApplicationService,
    protected db: Database,
    protected connections: TenantConnectionManager,
    protected migrationsRoot: string
  ) {}

  /**
   * Pending migrations of each tenant (template and modules preloaded),
   * from the landlord's history; `layer` limits it to one layer type.
   */
  async plan(tenants: Tenant[], options: { layer?: LayerType } = {}): Promise<FleetPlanEntry[]> {
    if (tenants.length === 0) return []
    const modules = await TemplateModule.all()
    const catalog = modules.map((module) => ({
      name: module.name,
      dependsOn: module.dependsOn,
    }))
    const applied = new Map<number, Set<string>>()
    const rows = await this.db
      .connection('landlord')
      .from('tenant_migrations_history')
      .whereIn(
        'tenant_id',
        tenants.map((tenant) => tenant.id)
      )
      .where('status', 'applied')
      .select('tenant_id', 'name')
    for (const row of rows as Array<{ tenant_id: number; name: string }>) {
      const names = applied.get(row.tenant_id) ?? new Set<string>()
      names.add(row.name)
      applied.set(row.tenant_id, names)
    }
    const existing = await this.#existingDatabases(tenants)

    const plan: FleetPlanEntry[] = []
    for (const tenant of tenants) {
      const all = this.#layersOf(tenant, catalog)
      const layers = all.filter((layer) => !options.layer || layer.type === options.layer)
      const done = applied.get(tenant.id) ?? new Set<string>()
      const pending: Record<string, string[]> = {}
      for (const layer of layers) {
        const names = await this.#migrationNames(layer)
        const missing = names.filter((name) => !done.has(name))
        if (missing.length > 0) pending[layer.key] = missing
      }
      const server = this.#serverKey(tenant)
      plan.push({
        tenant,
        layers: all,
        pending,
        unknown: done.size === 0,
        missingDatabase: !!tenant.dbName && !existing.get(server)?.has(tenant.dbName),
      })
    }
    return plan
  }

  /**
   * Starts a run (or, with resumeOf, continues that one) and returns its id.
   */
  async startRun(options: {
    concurrency: number
    canary?: string
    flags: Record<string, unknown>
    resumeOf?: number
  }) {
    const landlord = this.db.connection('landlord')
    if (options.resumeOf) {
      await landlord
        .from('fleet_migration_runs')
        .where('id', options.resumeOf)
        .update({ status: 'running', finished_at: null })
      return options.resumeOf
    }
    const [row] = await landlord
      .table('fleet_migration_runs')
      .insert({
        status: 'running',
        options: JSON.stringify(options.flags),
        canary: options.canary ?? null,
        concurrency: options.concurrency,
      })
      .returning('id')
    return Number(row.id ?? row)
  }

  /**
   * The latest run, if any.
   */
  async lastRun(): Promise<{ id: number; status: string } | undefined> {
    const row = await this.db
      .connection('landlord')
      .from('fleet_migration_runs')
      .orderBy('id', 'desc')
      .select('id', 'status')
      .first()
    return row ? { id: Number(row.id), status: row.status } : undefined
  }

  /**
   * Slugs a run finished without error (status ok).
   */
  async doneIn(runId: number) {
    const rows = await this.db
      .connection('landlord')
      .from('fleet_migration_results')
      .where('run_id', runId)
      .where('status', 'ok')
      .select('slug')
    return new Set(rows.map((row: { slug: string }) => row.slug))
  }

  /**
   * Tenants whose latest result, in any run, is a failure: run id and error by tenant id.
   */
  async lastFailures(tenantIds: number[]) {
    const failures = new Map<number, { runId: number; error: string | null }>()
    if (tenantIds.length === 0) return failures
    const rows = await this.db
      .connection('landlord')
      .from('fleet_migration_results')
      .distinctOn('tenant_id')
      .whereIn('tenant_id', tenantIds)
      .orderBy([
        { column: 'tenant_id', order: 'asc' },
        { column: 'id', order: 'desc' },
      ])
      .select('tenant_id', 'run_id', 'status', 'error')
    for (const row of rows as Array<{
      tenant_id: number
      run_id: number
      status: string
      error: string | null
    }>) {
      if (row.status === 'failed') {
        failures.set(row.tenant_id, { runId: Number(row.run_id), error: row.error })
      }
    }
    return failures
  }

  /**
   * Records (or, on a resumed run, replaces) one tenant's result.
   */
  async record(runId: number, result: FleetResult) {
    await this.recordAll(runId, [result])
  }

  /**
   * Records (or replaces) several tenants' results in one INSERT.
   */
  async recordAll(runId: number, results: FleetResult[]) {
    if (results.length === 0) return
    await this.db
      .connection('landlord')
      .table('fleet_migration_results')
      .multiInsert(
        results.map((result) => ({
          run_id: runId,
          tenant_id: result.tenantId,
          slug: result.slug,
          status: result.status,
          applied: result.applied,
          pending: result.pending,
          duration_ms: Math.round(result.durationMs),
          error: result.error ?? null,
        }))
      )
      .onConflict(['run_id', 'slug'])
      .merge()
  }

  /**
   * Closes a run with its totals (counted from its result rows).
   */
  async finishRun(runId: number, status: 'completed' | 'failed' | 'stopped', durationMs: number) {
    const landlord = this.db.connection('landlord')
    const counts = await landlord
      .from('fleet_migration_results')
      .where('run_id', runId)
      .select('status')
      .count('* as total')
      .groupBy('status')
    const of = (name: string) =>
      Number(counts.find((row: { status: string }) => row.status === name)?.total ?? 0)
    await landlord
      .from('fleet_migration_runs')
      .where('id', runId)
      .update({
        status,
        tenants: counts.reduce((sum: number, row: { total: string }) => sum + Number(row.total), 0),
        ok: of('ok'),
        failed: of('failed') + of('unknown'),
        skipped: of('skipped'),
        duration_ms: Math.round(durationMs),
        finished_at: new Date(),
      })
  }

  #layersOf(tenant: Tenant, catalog: Array<{ name: string; dependsOn: string[] }>) {
    const ordered = resolveModuleOrder(
      tenant.modules.map((module) => module.name),
      catalog
    )
    return resolveLayers({
      appRoot: this.app.makePath(),
      migrationsRoot: this.migrationsRoot,
      template: tenant.template.name,
      modules: ordered,
      slug: tenant.slug,
    })
  }

  /**
   * Migration names of a layer as Lucid records them (folder/file without extension).
   */
  async #migrationNames(layer: MigrationLayer) {
    const cached = this.#files.get(layer.path)
    if (cached) return cached
    const absolute = this.app.makePath(layer.path)
    const files = existsSync(absolute) ? await sourceFilesIn(absolute) : []
    const names = files.map((file) =>
      join(layer.path, basename(file, extname(file))).replaceAll('\\', '/')
    )
    this.#files.set(layer.path, names)
    return names
  }

  #serverKey(tenant: Tenant) {
    const server = this.connections.serverFor(tenant)
    return `${server.host}:${server.port}`
  }

  /**
   * Database names on each server the tenants live on: one query per server.
   */
  async #existingDatabases(tenants: Tenant[]) {
    const servers = new Map<string, Tenant>()
    for (const tenant of tenants) servers.set(this.#serverKey(tenant), tenant)
    const existing = new Map<string, Set<string>>()
    for (const [key, tenant] of servers) {
      const server = new DatabaseServer(this.connections.serverFor(tenant), this.connections.admin)
      existing.set(key, new Set(await server.list('')))
    }
    return existing
  }
}
