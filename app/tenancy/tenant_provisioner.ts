import { readdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DateTime } from 'luxon'
import type { ApplicationService, EmitterService } from '@adonisjs/core/types'
import type { Database } from '@adonisjs/lucid/database'
import type { BaseSeeder } from '@adonisjs/lucid/seeders'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#models/landlord/tenant'
import TemplateModule from '#models/landlord/template_module'
import TenantMigrationHistory from '#models/landlord/tenant_migration_history'
import TenantSchemaSnapshot from '#models/landlord/tenant_schema_snapshot'
import type { TenancyManager } from '#tenancy/tenancy_manager'
import { AdvisoryLock } from '#tenancy/advisory_lock'
import { DatabaseServer } from '#tenancy/database_server'
import type { DatabaseServerSettings } from '#tenancy/connection_manager'
import {
  TenantLockedException,
  TenantProvisioningException,
  type ProvisioningStage,
} from '#tenancy/exceptions'
import { LayeredMigrator, type LayerRunResult } from '#tenancy/layered_migrator'
import {
  resolveLayers,
  resolveModuleOrder,
  type LayerType,
  type MigrationLayer,
} from '#tenancy/layers'
import { assertValidSlug, databaseNameFor } from '#tenancy/naming'
import { SchemaInspector, type DriftReport, type SchemaSnapshot } from '#tenancy/schema_inspector'
import type { ProvisioningStats } from '#tenancy/events'

/** Namespace of the provisioning advisory locks ("SANG"). */
const LOCK_NAMESPACE = 0x53414e47

export interface ProvisioningProgress {
  stage: ProvisioningStage
  layer?: string
  migration?: string
  /** Overall position among all migrations of this run. */
  index?: number
  total?: number
}

export interface ProvisionerOptions {
  /** Tenant migration layers, relative to the app root. */
  migrationsRoot: string
  /** Tenant seeders (one folder per template), relative to the app root. */
  seedersRoot: string
  databasePrefix: string
  reservedSlugs: readonly string[]
  /** Landlord server, for the advisory lock. */
  landlord: DatabaseServerSettings & { database: string }
}

export interface MigrateResult {
  tenant: Tenant
  layers: LayerRunResult[]
  applied: number
  pending: number
  skipped?: 'drift'
  schemaHash?: string
}

type HistoryRow = Pick<
  TenantMigrationHistory,
  | 'tenantId'
  | 'templateId'
  | 'migrationType'
  | 'module'
  | 'batch'
  | 'name'
  | 'durationMs'
  | 'checksum'
  | 'status'
  | 'error'
>

export interface LayerStatus {
  layer: MigrationLayer
  applied: string[]
  pending: string[]
}

/**
 * Builds and maintains tenant databases: creates them, applies the
 * migration layers (basic → template → modules → custom), records every
 * migration in the landlord, snapshots the schema and detects drift.
 */
export class TenantProvisioner {
  protected migrator: LayeredMigrator
  protected inspector = new SchemaInspector()

  constructor(
    protected db: Database,
    protected app: ApplicationService,
    protected emitter: EmitterService,
    protected tenancy: TenancyManager,
    public readonly options: ProvisionerOptions
  ) {
    this.migrator = new LayeredMigrator(db, app, tenancy.connections)
  }

  /**
   * Creates the tenant's database and applies every layer. On failure the
   * tenant is marked failed and a database this run created is dropped
   * (unless keepFailed). Two provisionings of one tenant never overlap.
   */
  async provision(
    tenant: Tenant,
    options: {
      keepFailed?: boolean
      seed?: boolean
      onProgress?: (p: ProvisioningProgress) => void
    } = {}
  ): Promise<{ tenant: Tenant; stats: ProvisioningStats; schemaHash: string }> {
    const lock = new AdvisoryLock(
      this.options.landlord,
      LOCK_NAMESPACE,
      this.tenancy.connections.admin
    )
    const outcome = await lock.tryWith(tenant.id, () => this.#provisionLocked(tenant, options))
    if (!outcome.acquired) {
      throw new TenantLockedException(
        `Tenant "${tenant.slug}" is already being provisioned by another process`
      )
    }
    return outcome.value
  }

  async #provisionLocked(
    tenant: Tenant,
    options: {
      keepFailed?: boolean
      seed?: boolean
      onProgress?: (p: ProvisioningProgress) => void
    }
  ) {
    const started = performance.now()
    const report = (progress: ProvisioningProgress) => options.onProgress?.(progress)
    let stage: ProvisioningStage = 'validate'
    let createdDatabase: string | null = null
    const server = new DatabaseServer(
      this.tenancy.connections.serverFor(tenant),
      this.tenancy.connections.admin
    )

    // Only pending or failed tenants (or one left "provisioning" by a crashed run:
    // the lock is ours) are provisioned. Refusing an active or suspended tenant
    // must neither mark it failed nor drop its database.
    await tenant.refresh()
    if (tenant.status === 'active' || tenant.status === 'suspended') {
      throw new TenantProvisioningException(
        `Tenant "${tenant.slug}" is ${tenant.status}: only a pending or failed tenant can be provisioned`,
        { tenantId: tenant.id, tenantSlug: tenant.slug, stage }
      )
    }

    try {
      assertValidSlug(tenant.slug, this.options.reservedSlugs)
      const layers = await this.layersFor(tenant, { requireActive: true })

      tenant.status = 'provisioning'
      tenant.provisioningError = null
      await tenant.save()
      await this.emitter.emit('tenant:provisioning_started', { tenant })
      report({ stage })

      stage = 'create_database'
      report({ stage })
      tenant.dbName = tenant.dbName ?? databaseNameFor(tenant.slug, this.options.databasePrefix)
      const serverSettings = this.tenancy.connections.serverFor(tenant)
      tenant.dbHost = tenant.dbHost ?? serverSettings.host
      tenant.dbPort = tenant.dbPort ?? serverSettings.port
      await tenant.save()
      // A database left by an earlier failed run holds nothing worth keeping: start clean.
      await this.tenancy.connections.closeTenant(tenant.id)
      if (await server.exists(tenant.dbName)) await server.drop(tenant.dbName)
      await server.create(tenant.dbName)
      // Migrations recorded by an earlier run went with its database.
      await TenantMigrationHistory.query()
        .where('tenant_id', tenant.id)
        .where('status', 'applied')
        .update({ status: 'rolled_back' })
      createdDatabase = tenant.dbName

      const total = await this.#countMigrations(layers)
      let index = 0
      const batch = await this.#nextBatch(tenant)
      const stats: ProvisioningStats = { layers: {}, migrations: 0, durationMs: 0 }

      for (const layer of layers) {
        stage = layer.type
        report({ stage, layer: layer.key, index, total })
        const result = await this.migrator.up(tenant, layer, {
          onProgress: (progress) => {
            report({
              stage,
              layer: layer.key,
              migration: progress.migration,
              index: index + progress.index,
              total,
            })
          },
        })
        index += result.applied.length
        await this.#recordHistory(tenant, result, batch)
        stats.layers[layer.key] = result.applied.length
        stats.migrations += result.applied.length
        if (result.failed) {
          throw new TenantProvisioningException(
            `Migration ${result.failed.name} failed: ${result.failed.error.message}`,
            {
              tenantId: tenant.id,
              tenantSlug: tenant.slug,
              stage,
              migration: result.failed.name,
              cause: result.failed.error,
            }
          )
        }
      }

      if (options.seed !== false) {
        stage = 'seed'
        report({ stage })
        await this.seed(tenant)
      }

      stage = 'snapshot'
      report({ stage })
      const { schemaHash } = await this.takeSnapshot(tenant, 'provisioned')

      stage = 'finalize'
      tenant.status = 'active'
      tenant.provisionedAt = DateTime.now()
      await tenant.save()
      stats.durationMs = Math.round(performance.now() - started)
      report({ stage, index: total, total })
      await this.emitter.emit('tenant:provisioning_completed', {
        tenant,
        status: 'completed',
        stats,
        schemaHash,
      })
      return { tenant, stats, schemaHash }
    } catch (error) {
      const failure =
        error instanceof TenantProvisioningException
          ? error
          : new TenantProvisioningException((error as Error).message, {
              tenantId: tenant.id,
              tenantSlug: tenant.slug,
              stage,
              cause: error,
            })
      tenant.status = 'failed'
      tenant.provisioningError = failure.summary
      await tenant.save()
      await this.tenancy.connections.closeTenant(tenant.id)
      if (createdDatabase && !options.keepFailed) {
        await server.drop(createdDatabase)
      }
      await this.emitter.emit('tenant:provisioning_failed', { tenant, error: failure })
      throw failure
    }
  }

  /**
   * Applies pending migrations to an active tenant, optionally one layer
   * type only. A tenant whose schema drifted is skipped unless allowDrift.
   */
  async migrate(
    tenant: Tenant,
    options: {
      layer?: LayerType
      dryRun?: boolean
      allowDrift?: boolean
      onProgress?: (p: ProvisioningProgress) => void
    } = {}
  ): Promise<MigrateResult> {
    const allLayers = await this.layersFor(tenant)
    const layers = allLayers.filter((layer) => !options.layer || layer.type === options.layer)
    const result: MigrateResult = { tenant, layers: [], applied: 0, pending: 0 }

    if (!options.dryRun && !options.allowDrift && (await this.detectSchemaDrift(tenant))) {
      result.skipped = 'drift'
      return result
    }

    const batch = await this.#nextBatch(tenant)
    for (const layer of layers) {
      const run = await this.migrator.up(tenant, layer, {
        dryRun: options.dryRun,
        onProgress: (progress) =>
          options.onProgress?.({
            stage: layer.type,
            layer: layer.key,
            migration: progress.migration,
            index: progress.index,
            total: progress.total,
          }),
      })
      result.layers.push(run)
      result.pending += run.pending.length
      result.applied += run.applied.length
      if (!options.dryRun) await this.#recordHistory(tenant, run, batch)
      if (run.failed) {
        if (result.applied > 0) await this.takeSnapshot(tenant, 'migrated')
        throw new TenantProvisioningException(
          `Migration ${run.failed.name} failed: ${run.failed.error.message}`,
          {
            tenantId: tenant.id,
            tenantSlug: tenant.slug,
            stage: layer.type,
            migration: run.failed.name,
            cause: run.failed.error,
          }
        )
      }
    }
    if (result.applied > 0) {
      const snapshot = await this.takeSnapshot(tenant, 'migrated')
      result.schemaHash = snapshot.schemaHash
    }
    return result
  }

  /**
   * Applies the tenant's custom layer (database/migrations/tenant/custom/<slug>).
   */
  applyCustomMigrations(tenant: Tenant, options: { dryRun?: boolean; allowDrift?: boolean } = {}) {
    return this.migrate(tenant, { ...options, layer: 'custom' })
  }

  /**
   * Rolls back a layer's last batch (or `step` migrations). Without a layer,
   * the layer migrated most recently.
   */
  async rollback(tenant: Tenant, options: { layer?: LayerType; step?: number } = {}) {
    const layers = await this.layersFor(tenant)
    let layer: MigrationLayer | undefined
    if (options.layer) {
      layer = [...layers].reverse().find((candidate) => candidate.type === options.layer)
    } else {
      const last = await TenantMigrationHistory.query()
        .where('tenant_id', tenant.id)
        .where('status', 'applied')
        .orderBy('id', 'desc')
        .first()
      layer = last
        ? layers.find(
            (candidate) =>
              candidate.type === last.migrationType &&
              (candidate.type !== 'module' || candidate.owner === last.module)
          )
        : undefined
    }
    if (!layer) return { layer: null, rolledBack: [] as string[] }

    const result = await this.migrator.down(tenant, layer, { step: options.step })
    if (result.rolledBack.length > 0) {
      await TenantMigrationHistory.query()
        .where('tenant_id', tenant.id)
        .where('migration_type', layer.type)
        .whereIn('name', result.rolledBack)
        .where('status', 'applied')
        .update({ status: 'rolled_back' })
      await this.takeSnapshot(tenant, 'rolled_back')
    }
    if (result.error) {
      throw new TenantProvisioningException(`Rollback failed: ${result.error.message}`, {
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        stage: layer.type,
        cause: result.error,
      })
    }
    return { layer, rolledBack: result.rolledBack }
  }

  /**
   * Applied and pending migrations per layer.
   */
  async status(tenant: Tenant): Promise<LayerStatus[]> {
    const statuses: LayerStatus[] = []
    for (const layer of await this.layersFor(tenant)) {
      const list = await this.migrator.list(tenant, layer)
      statuses.push({
        layer,
        applied: list.filter((node) => node.status === 'migrated').map((node) => node.name),
        pending: list.filter((node) => node.status === 'pending').map((node) => node.name),
      })
    }
    return statuses
  }

  /**
   * Runs the template's seeders in the tenant database (idempotent seeders).
   */
  async seed(tenant: Tenant) {
    await tenant.load('template')
    const folder = join(this.options.seedersRoot, tenant.template.name)
    const absolute = this.app.makePath(folder)
    if (!existsSync(absolute)) return []
    const files = await sourceFilesIn(absolute)

    return this.tenancy.run(tenant, async () => {
      const client = this.tenancy.db()
      for (const file of files) {
        const module = await import(pathToFileURL(join(absolute, file)).href)
        const Seeder = module.default as new (client: QueryClientContract) => BaseSeeder
        await new Seeder(client).run()
      }
      return files
    })
  }

  /**
   * Live schema of the tenant database.
   */
  async liveSnapshot(tenant: Tenant): Promise<SchemaSnapshot> {
    return this.tenancy.run(tenant, () => this.inspector.snapshot(this.tenancy.db()))
  }

  async generateSchemaHash(tenant: Tenant) {
    return this.inspector.hash(await this.liveSnapshot(tenant))
  }

  /**
   * Stores the live schema as the tenant's new baseline.
   */
  async takeSnapshot(tenant: Tenant, reason: string) {
    const snapshot = await this.liveSnapshot(tenant)
    return TenantSchemaSnapshot.create({
      tenantId: tenant.id,
      schemaHash: this.inspector.hash(snapshot),
      snapshot: snapshot as unknown as Record<string, unknown>,
      reason,
    })
  }

  async latestSnapshot(tenant: Tenant) {
    return TenantSchemaSnapshot.query().where('tenant_id', tenant.id).orderBy('id', 'desc').first()
  }

  /**
   * Live schema compared with the last accepted snapshot.
   */
  async driftReport(tenant: Tenant): Promise<DriftReport> {
    const baseline = await this.latestSnapshot(tenant)
    const live = await this.liveSnapshot(tenant)
    return this.inspector.diff(
      baseline ? (baseline.snapshot as unknown as SchemaSnapshot) : null,
      live
    )
  }

  async detectSchemaDrift(tenant: Tenant) {
    const report = await this.driftReport(tenant)
    return report.hasDrift
  }

  /**
   * Accepts the live schema as the new baseline.
   */
  acceptDrift(tenant: Tenant) {
    return this.takeSnapshot(tenant, 'accepted')
  }

  /**
   * The tenant's layers in order, module dependencies resolved. With
   * requireActive (provisioning), an inactive template or module is refused;
   * existing tenants keep migrating when their template is retired.
   */
  async layersFor(
    tenant: Tenant,
    options: { requireActive?: boolean } = {}
  ): Promise<MigrationLayer[]> {
    await tenant.load('template')
    await tenant.load('modules')
    if (options.requireActive && !tenant.template.isActive) {
      throw new TenantProvisioningException('Template is not active', {
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        stage: 'validate',
      })
    }
    const catalog = await TemplateModule.all()
    const inactive = tenant.modules
      .filter((module) => !module.isActive)
      .map((module) => module.name)
    if (options.requireActive && inactive.length > 0) {
      throw new TenantProvisioningException(`Module is not active: ${inactive.join(', ')}`, {
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        stage: 'validate',
      })
    }
    const ordered = resolveModuleOrder(
      tenant.modules.map((module) => module.name),
      catalog.map((module) => ({ name: module.name, dependsOn: module.dependsOn }))
    )
    return resolveLayers({
      appRoot: this.app.makePath(),
      migrationsRoot: this.options.migrationsRoot,
      template: tenant.template.name,
      modules: ordered,
      slug: tenant.slug,
    })
  }

  async #countMigrations(layers: MigrationLayer[]) {
    let count = 0
    for (const layer of layers) {
      const absolute = this.app.makePath(layer.path)
      if (!existsSync(absolute)) continue
      const files = await sourceFilesIn(absolute)
      count += files.length
    }
    return count
  }

  async #nextBatch(tenant: Tenant) {
    const row = await this.db
      .connection('landlord')
      .from('tenant_migrations_history')
      .where('tenant_id', tenant.id)
      .max('batch as batch')
      .first()
    return Number(row?.batch ?? 0) + 1
  }

  async #recordHistory(tenant: Tenant, run: LayerRunResult, batch: number) {
    const base = {
      tenantId: tenant.id,
      templateId: tenant.templateId,
      migrationType: run.layer.type,
      module: run.layer.type === 'module' ? run.layer.owner : null,
      batch,
    }
    const rows: HistoryRow[] = run.applied.map((migration) => ({
      ...base,
      name: migration.name,
      durationMs: migration.durationMs,
      checksum: migration.checksum,
      status: 'applied' as const,
      error: null,
    }))
    if (run.failed) {
      rows.push({
        ...base,
        name: run.failed.name,
        durationMs: run.failed.durationMs,
        checksum: run.failed.checksum,
        status: 'failed',
        error: run.failed.error.message,
      })
    }
    if (rows.length > 0) await TenantMigrationHistory.createMany(rows)
  }
}

/**
 * Migration or seeder files of a folder, in natural order.
 */
async function sourceFilesIn(folder: string) {
  const entries = await readdir(folder)
  return entries
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
}
