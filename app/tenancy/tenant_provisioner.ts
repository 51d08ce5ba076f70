import type { ApplicationService, EmitterService } from '@adonisjs/core/types'
import type { Database } from '@adonisjs/lucid/database'
import type Tenant from '#models/landlord/tenant'
import type { TenancyManager } from '#tenancy/tenancy_manager'
import { FleetMigrator } from '#tenancy/fleet_migrator'
import { GoldenTemplates } from '#tenancy/golden_templates'
import type { RefillResult } from '#tenancy/golden_spares'
import { LayeredMigrator } from '#tenancy/layered_migrator'
import { LayerRollback, type RollbackOptions } from '#tenancy/layer_rollback'
import { MigrationHistory } from '#tenancy/migration_history'
import {
  ProvisioningPipeline,
  TENANT_LOCK_NAMESPACE,
  type ProvisionOptions,
  type ProvisioningSettings,
} from '#tenancy/provisioning_pipeline'
import { ConnectionBudget } from '#tenancy/connection_budget'
import { PooledAdvisoryLock } from '#tenancy/pooled_advisory_lock'
import { TenantLockedException } from '#tenancy/exceptions'
import { SchemaSnapshots } from '#tenancy/schema_snapshots'
import { TenantLayers } from '#tenancy/tenant_layers'
import { TenantMigrator, type MigrateOptions } from '#tenancy/tenant_migrator'
import { TenantSeeder } from '#tenancy/tenant_seeder'
import { ServerRegistry } from '#tenancy/server_registry'
import { TenantMover } from '#tenancy/tenant_mover'

/** At most this many landlord pool connections (of 10) hold tenant locks at once. */
const LANDLORD_POOL_FOR_LOCKS = 6

export interface ProvisionerOptions extends ProvisioningSettings {
  /** Tenant migration layers, relative to the app root. */
  migrationsRoot: string
  /** Tenant seeders (one folder per template), relative to the app root. */
  seedersRoot: string
  /** Folder of pg_dump and pg_restore (tenant:move); PATH when unset. */
  pgBinDir?: string
}

/**
 * The engine's entry point for building and maintaining tenant databases.
 * It wires the parts together and delegates: provisioning
 * (ProvisioningPipeline), migrating (TenantMigrator), rolling back
 * (LayerRollback), seeding (TenantSeeder) and snapshots and drift
 * (SchemaSnapshots).
 */
export class TenantProvisioner {
  readonly layers: TenantLayers
  readonly snapshots: SchemaSnapshots
  protected pipeline: ProvisioningPipeline
  protected migrator: TenantMigrator
  protected rollbacks: LayerRollback
  protected seeder: TenantSeeder
  readonly golden: GoldenTemplates
  readonly fleet: FleetMigrator
  /** The landlord's database servers and where a new tenant goes. */
  readonly servers: ServerRegistry
  /** Moves a tenant's database to another server (tenant:move). */
  readonly mover: TenantMover
  /** The tenant's lock, on a pooled landlord connection (see #locked). */
  #tenantLock: PooledAdvisoryLock

  constructor(
    protected db: Database,
    app: ApplicationService,
    emitter: EmitterService,
    tenancy: TenancyManager,
    public readonly options: ProvisionerOptions
  ) {
    const layered = new LayeredMigrator(db, app, tenancy.connections)
    const history = new MigrationHistory(db)
    this.layers = new TenantLayers(app, options.migrationsRoot)
    this.snapshots = new SchemaSnapshots(tenancy)
    this.seeder = new TenantSeeder(app, tenancy, options.seedersRoot)
    this.fleet = new FleetMigrator(app, db, tenancy.connections, options.migrationsRoot)
    this.golden = new GoldenTemplates(
      app,
      tenancy.connections,
      layered,
      {
        enabled: options.goldenTemplates !== false,
        databasePrefix: options.databasePrefix,
        landlord: options.landlord,
        spares: options.goldenSpares ?? 0,
        // The landlord database is on the landlord's server, where the goldens are.
        readMark: async (database) => {
          const result = await db
            .connection('landlord')
            .rawQuery<{ rows: Array<{ mark: string | null }> }>(
              `select shobj_description(oid, 'pg_database') as mark from pg_database where datname = ?`,
              [database]
            )
          return result.rows[0] ? result.rows[0].mark : undefined
        },
      },
      this.seeder
    )
    // No more tenants change at once than maintenance connections can serve
    // (their migrations queue there anyway), and never the whole landlord pool.
    const admin = tenancy.connections.admin.options
    this.#tenantLock = new PooledAdvisoryLock(
      db,
      'landlord',
      TENANT_LOCK_NAMESPACE,
      new ConnectionBudget(
        Math.max(1, Math.min(admin.size, LANDLORD_POOL_FOR_LOCKS)),
        admin.acquireTimeoutMs,
        'tenant lock'
      )
    )
    this.pipeline = new ProvisioningPipeline(
      emitter,
      tenancy,
      this.layers,
      layered,
      history,
      this.seeder,
      this.snapshots,
      options,
      this.golden,
      (message) => tenancy.connections.options.warn?.(message),
      this.#tenantLock
    )
    this.migrator = new TenantMigrator(this.layers, layered, history, this.snapshots)
    this.rollbacks = new LayerRollback(this.layers, layered, history, this.snapshots, tenancy)
    this.servers = new ServerRegistry(tenancy.connections.options.defaultServer)
    this.mover = new TenantMover(tenancy, this.servers, {
      landlord: options.landlord,
      binDir: options.pgBinDir,
    })
  }

  /**
   * Runs fn holding the tenant's lock, the one provisioning and tenant:move
   * hold, so a migration or rollback never runs beside them or beside
   * another one of the same tenant. It is held on a pooled landlord
   * connection (see PooledAdvisoryLock): nothing to open, and released by
   * PostgreSQL when the process dies. The row is read again once the lock is
   * ours (in the lock's round trip): a tenant moved meanwhile is refused,
   * not changed at its old address.
   */
  async #locked<R>(tenant: Tenant, fn: () => Promise<R>): Promise<R> {
    const outcome = await this.#tenantLock.tryWith(
      tenant.id,
      async (_client, rows) => {
        const row = rows[0]
        const port = (value: unknown) =>
          value === null || value === undefined ? null : Number(value)
        if (
          !row ||
          row.db_name !== tenant.dbName ||
          (row.db_host ?? null) !== (tenant.dbHost ?? null) ||
          port(row.db_port) !== port(tenant.dbPort)
        ) {
          throw new TenantLockedException(
            `${tenant.slug} was moved or removed since it was read; run the command again`
          )
        }
        return fn()
      },
      { recheck: `select db_host, db_port, db_name from tenants where id = ${Number(tenant.id)}` }
    )
    if (!outcome.acquired) {
      throw new TenantLockedException(
        `${tenant.slug} is busy: another process is provisioning, moving, migrating or ` +
          `rolling it back; try again when it has finished`
      )
    }
    return outcome.value
  }

  /** Creates the tenant's database and applies every layer (see ProvisioningPipeline). */
  provision(tenant: Tenant, options: ProvisionOptions = {}) {
    return this.pipeline.provision(tenant, options)
  }

  /**
   * Makes spare copies of the tenant's golden database until the configured
   * number are ready (GoldenSpares#refill), for the next provisioning of
   * the same template and modules to take. Run after a provisioning, off
   * its path: the party is active already. Undefined when the tenant's
   * layers have no golden (disabled, another server, or none can be built).
   * With spares turned off (TENANT_GOLDEN_SPARES=0), spares made before are
   * dropped instead.
   */
  async refillSpares(tenant: Tenant): Promise<RefillResult | undefined> {
    if (this.options.goldenTemplates === false) return
    if ((this.options.goldenSpares ?? 0) <= 0) {
      const dropped = await this.golden.spares.prune()
      return { made: [], dropped, ready: 0 }
    }
    const outcome = await this.golden.ensure(await this.layers.for(tenant))
    if (!outcome.golden) return
    return this.golden.spares.refill(outcome.golden)
  }

  /**
   * Whether provisioning keeps spare copies (or must drop old ones): golden
   * databases on, so a refill after each provisioning has work to do.
   */
  get keepsSpares() {
    return this.options.goldenTemplates !== false
  }

  /** The seeders' results made ahead for the next provisioning (TenantSeeder#prepareAhead). */
  prepareSeedersAhead(tenant: Tenant) {
    return this.seeder.prepareAhead(tenant)
  }

  /**
   * Work for the next provisioning, done off this one's path (the party is
   * active already): spare copies of the tenant's golden (refillSpares) and
   * the seeders' results that can be made ahead (a first admin's password
   * hash; TenantSeeder#prepareAhead). The provisioning job does the same,
   * the spares by a job of their own (refill_spares_job).
   */
  async prepareNext(tenant: Tenant) {
    const [spares] = await Promise.all([
      this.refillSpares(tenant),
      this.seeder.prepareAhead(tenant),
    ])
    return spares
  }

  /** Applies pending migrations to an active tenant (see TenantMigrator). */
  migrate(tenant: Tenant, options: MigrateOptions = {}) {
    if (options.dryRun) return this.migrator.migrate(tenant, options)
    return this.#locked(tenant, () => this.migrator.migrate(tenant, options))
  }

  /** Applies the tenant's custom layer (database/migrations/tenant/custom/<slug>). */
  applyCustomMigrations(tenant: Tenant, options: { dryRun?: boolean; allowDrift?: boolean } = {}) {
    return this.migrate(tenant, { ...options, layer: 'custom' })
  }

  /** Applied and pending migrations per layer. */
  status(tenant: Tenant) {
    return this.migrator.status(tenant)
  }

  /** What a rollback would do: migrations, blocking layers, rows lost (see LayerRollback). */
  planRollback(tenant: Tenant, options: RollbackOptions = {}) {
    return this.rollbacks.plan(tenant, options)
  }

  /** Rolls back a layer's last batch when nothing depends on it (see LayerRollback). */
  rollback(tenant: Tenant, options: RollbackOptions = {}) {
    return this.#locked(tenant, () => this.rollbacks.rollback(tenant, options))
  }

  /** Runs the template's seeders in the tenant database. */
  seed(tenant: Tenant) {
    return this.seeder.seed(tenant)
  }

  /** SHA-256 of the live schema. */
  generateSchemaHash(tenant: Tenant) {
    return this.snapshots.hash(tenant)
  }

  /** Live schema compared with the last accepted snapshot. */
  driftReport(tenant: Tenant) {
    return this.snapshots.driftReport(tenant)
  }

  /** Whether the live schema differs from the last accepted snapshot. */
  detectSchemaDrift(tenant: Tenant) {
    return this.snapshots.hasDrift(tenant)
  }

  /** Accepts the live schema as the new baseline. */
  acceptDrift(tenant: Tenant) {
    return this.snapshots.take(tenant, 'accepted')
  }
}
