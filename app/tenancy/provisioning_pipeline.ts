import { DateTime } from 'luxon'
import type pg from 'pg'
import type { EmitterService } from '@adonisjs/core/types'
import Tenant from '#models/landlord/tenant'
import type { TenancyManager } from '#tenancy/tenancy_manager'
import type { DatabaseServerSettings } from '#tenancy/connection_manager'
import type { ProvisioningStats } from '#tenancy/events'
import type { LayeredMigrator } from '#tenancy/layered_migrator'
import type { MigrationHistory } from '#tenancy/migration_history'
import type { SchemaSnapshots } from '#tenancy/schema_snapshots'
import type { TenantLayers } from '#tenancy/tenant_layers'
import type { MigrationLayer } from '#tenancy/layers'
import type { TenantSeeder } from '#tenancy/tenant_seeder'
import type { GoldenManifest, GoldenOutcome, GoldenTemplates } from '#tenancy/golden_templates'
import { AdvisoryLock } from '#tenancy/advisory_lock'
import { tenantContext } from '#tenancy/tenant_context'
import type { SchemaSnapshot } from '#tenancy/schema_inspector'
import type { PooledAdvisoryLock } from '#tenancy/pooled_advisory_lock'
import { DatabaseServer } from '#tenancy/database_server'
import { TenantDatabases } from '#tenancy/tenant_databases'
import { ServerRegistry } from '#tenancy/server_registry'
import {
  TenantLockedException,
  TenantProvisioningException,
  type ProvisioningStage,
} from '#tenancy/exceptions'
import {
  assertSafeDatabaseName,
  assertValidSlug,
  databaseNameFor,
  quoteIdentifier,
} from '#tenancy/naming'

/** Namespace of the per-tenant advisory locks ("SANG"): provisioning and tenant:move. */
export const TENANT_LOCK_NAMESPACE = 0x53414e47

export interface ProvisioningProgress {
  stage: ProvisioningStage
  layer?: string
  migration?: string
  /** Overall position among all migrations of this run. */
  index?: number
  total?: number
}

export interface ProvisionOptions {
  /** Keep the database of a failed run for inspection. */
  keepFailed?: boolean
  seed?: boolean
  onProgress?: (progress: ProvisioningProgress) => void
}

export interface ProvisioningSettings {
  databasePrefix: string
  reservedSlugs: readonly string[]
  /** Landlord server, for the advisory lock. */
  landlord: DatabaseServerSettings & { database: string }
  /** Clone golden template databases instead of migrating (TENANT_GOLDEN_TEMPLATES). */
  goldenTemplates?: boolean
  /** Spare copies of each golden kept ready for provisioning to take (0: none). */
  goldenSpares?: number
}

export interface ProvisionResult {
  tenant: Tenant
  stats: ProvisioningStats
  schemaHash: string
  /** clone: copied from a golden database, then custom layer; migrations: every layer run. */
  method: 'clone' | 'migrations'
  /** A clone that took a spare copy made ahead of time (GoldenSpares): the spare's former name. */
  spare?: string
  /** Why the golden database was not used (method migrations). */
  fallbackReason?: string
}

/**
 * The provisioning stages of one tenant: validate → create database →
 * layers (basic, template, modules, custom) → seed → snapshot → active.
 */
export class ProvisioningPipeline {
  protected databases: TenantDatabases
  protected servers: ServerRegistry
  /** Layers read and checked (active template and modules) for a run under way. */
  #checkedLayers = new WeakMap<Tenant, MigrationLayer[]>()

  constructor(
    protected emitter: EmitterService,
    protected tenancy: TenancyManager,
    protected layers: TenantLayers,
    protected migrator: LayeredMigrator,
    protected history: MigrationHistory,
    protected seeder: TenantSeeder,
    protected snapshots: SchemaSnapshots,
    protected settings: ProvisioningSettings,
    protected golden?: GoldenTemplates,
    protected log: (message: string) => void = () => {},
    /** The tenant's lock; without it, one on a maintenance connection of its own. */
    protected lock?: Pick<PooledAdvisoryLock, 'tryWith'>
  ) {
    this.databases = new TenantDatabases(tenancy.connections)
    this.servers = new ServerRegistry(tenancy.connections.options.defaultServer)
  }

  /**
   * Creates the tenant's database and applies every layer. On failure the
   * tenant is marked failed and a database this run created is dropped
   * (unless keepFailed). Two provisionings of one tenant never overlap.
   */
  async provision(tenant: Tenant, options: ProvisionOptions = {}): Promise<ProvisionResult> {
    // Before the golden check: a golden is cloned only on the server that holds it.
    const placement = await this.#place(tenant).catch((error: Error) => error)
    const golden = await this.#golden(tenant)
    const lock =
      this.lock ??
      new AdvisoryLock(
        this.settings.landlord,
        TENANT_LOCK_NAMESPACE,
        this.tenancy.connections.admin
      )
    const outcome = await lock
      .tryWith(tenant.id, (client) =>
        this.#provisionLocked(tenant, options, golden, placement, client)
      )
      .finally(() => this.#checkedLayers.delete(tenant))
    if (!outcome.acquired) {
      throw new TenantLockedException(
        `Tenant "${tenant.slug}" is already being provisioned by another process`
      )
    }
    return outcome.value
  }

  /**
   * Puts a tenant that has no server yet on the least-loaded accepting
   * registered server (ServerRegistry#place); with none registered it stays
   * on the default server. A tenant that has a server keeps it (a retry).
   */
  async #place(tenant: Tenant) {
    // A model fresh from create() has them undefined rather than null.
    // The row as the caller loaded it; #golden and the locked run read it again.
    if (tenant.dbHost || tenant.dbPort) return
    if (tenant.status === 'active' || tenant.status === 'suspended') return
    const server = await this.servers.place()
    if (!server) return
    tenant.dbHost = server.host
    tenant.dbPort = server.port
    await tenant.save()
  }

  /**
   * A ready golden database for the tenant's layers, built first when
   * needed, outside the tenant's lock (a lock inside a lock could exhaust
   * the lock permits). Never throws: a problem here is found again, and
   * reported, by the provisioning itself.
   */
  async #golden(tenant: Tenant): Promise<GoldenOutcome> {
    if (!this.golden || this.settings.goldenTemplates === false) {
      return { reason: 'golden templates are disabled' }
    }
    try {
      await tenant.refresh()
      if (tenant.status === 'active' || tenant.status === 'suspended') {
        return { reason: `tenant is ${tenant.status}` }
      }
      const server = this.tenancy.connections.serverFor(tenant)
      const landlord = this.settings.landlord
      if (server.host !== landlord.host || server.port !== landlord.port) {
        // CREATE DATABASE … TEMPLATE copies within one server; goldens live on the landlord's.
        return {
          reason: `tenant database on ${server.host}:${server.port}, goldens on the landlord's server`,
        }
      }
      const layers = await this.layers.for(tenant, { requireActive: true })
      // The locked run uses them too (they were just read and checked): the landlord is not read again.
      this.#checkedLayers.set(tenant, layers)
      return await this.golden.ensure(layers)
    } catch (error) {
      return { reason: (error as Error).message }
    }
  }

  async #provisionLocked(
    tenant: Tenant,
    options: ProvisionOptions,
    golden: GoldenOutcome,
    placement: Error | void,
    lockClient: pg.Client
  ) {
    const started = performance.now()
    const report = (progress: ProvisioningProgress) => options.onProgress?.(progress)
    let stage: ProvisioningStage = 'validate'
    let createdDatabase = false
    // A clone's history rows, written while its custom layer and seeders run.
    let recording: Promise<void> | undefined

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
      assertValidSlug(tenant.slug, this.settings.reservedSlugs)
      if (placement) throw placement
      const layers =
        this.#checkedLayers.get(tenant) ?? (await this.layers.for(tenant, { requireActive: true }))

      tenant.status = 'provisioning'
      tenant.provisioningError = null
      // Where its database goes, saved with the status (one UPDATE): a crash leaves the pointer.
      tenant.dbName = tenant.dbName ?? databaseNameFor(tenant.slug, this.settings.databasePrefix)
      const serverSettings = this.tenancy.connections.serverFor(tenant)
      tenant.dbHost = tenant.dbHost ?? serverSettings.host
      tenant.dbPort = tenant.dbPort ?? serverSettings.port
      await tenant.save()
      await this.emitter.emit('tenant:provisioning_started', { tenant })
      report({ stage })

      stage = 'create_database'
      report({ stage })
      // Seeders' database-free work (a password hash) runs while the database is made.
      const prepared = options.seed === false ? undefined : await this.seeder.prepare(tenant)
      // An earlier failed run's database (it carries this tenant's mark) holds nothing worth
      // keeping: start clean. Any other database under that name is refused, never dropped.
      const {
        cloned,
        spare,
        reason: fallbackReason,
      } = await this.#createDatabase(tenant, golden, {
        lockClient,
      })
      createdDatabase = true
      // Independent landlord work, side by side. Migrations recorded by an earlier
      // run went with its database (discardApplied); the batch counts those too.
      const [, , total, batch] = await Promise.all([
        tenant.save(),
        this.history.discardApplied(tenant),
        this.layers.countMigrations(layers),
        this.history.nextBatch(tenant),
      ])
      let index = 0
      const stats: ProvisioningStats = { layers: {}, migrations: 0, durationMs: 0 }

      if (cloned && golden.golden) {
        // The copy holds every layer but custom: record them as the migrations would have.
        const runs = this.golden!.runResults(golden.golden)
        recording = this.history.recordAll(tenant, runs, batch)
        // Awaited below (before any later row and before the snapshot).
        recording.catch(() => {})
        for (const run of runs) {
          stats.layers[run.layer.key] = run.applied.length
          stats.migrations += run.applied.length
          index += run.applied.length
        }
        report({ stage, layer: 'golden', index, total })
      }
      let customApplied = 0
      // Migrations this run applied, each committed without waiting for the disk (asyncCommit).
      let applied = 0

      // Seeders, the WAL flush and the schema read. On the migration path they run on the
      // layers' connection (no second backend, its catalog caches warm); a clone's run on the
      // tenant's pooled connection, opened for its REASSIGN.
      const finish = async () => {
        if (options.seed !== false) {
          stage = 'seed'
          report({ stage })
          // The golden holds the per-template seed data already.
          await this.seeder.seed(tenant, {
            skip: cloned ? golden.golden?.seeders : undefined,
            prepared,
          })
        }
        await recording
        if (applied > 0) await this.#flushWal(tenant)
        stage = 'snapshot'
        report({ stage })
        return this.#snapshot(tenant, cloned && customApplied === 0 ? golden.golden : undefined)
      }
      let snapshot: SchemaSnapshot | undefined

      // Every layer on one connection to the new database; a database of a run that does
      // not finish is dropped, so its commits need not wait for the disk (see #flushWal).
      const toRun = layers.filter((layer) => !cloned || layer.type === 'custom')
      await this.migrator.session(
        tenant,
        async (up, connectionName) => {
          for (const layer of toRun) {
            stage = layer.type
            report({ stage, layer: layer.key, index, total })
            const result = await up(layer, {
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
            applied += result.applied.length
            if (layer.type === 'custom') customApplied += result.applied.length
            // After the golden layers' rows, as the migrations would have recorded them.
            await recording
            await this.history.record(tenant, result, batch)
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
          if (!cloned) snapshot = await tenantContext.enter({ tenant, connectionName }, finish)
        },
        { asyncCommit: true }
      )
      const schema = snapshot ?? (await finish())

      stage = 'finalize'
      // The baseline and the status in one landlord transaction: one commit, and never
      // an active tenant without its snapshot.
      const { schemaHash } = await Tenant.transaction(async (trx) => {
        const stored = await this.snapshots.store(tenant, schema, 'provisioned', { client: trx })
        tenant.status = 'active'
        tenant.provisionedAt = DateTime.now()
        // Kept on the row for every provisioning, whoever runs it (the console's chart).
        stats.durationMs = Math.round(performance.now() - started)
        tenant.provisioningMs = stats.durationMs
        await tenant.useTransaction(trx).save()
        return stored
      })
      report({ stage, index: total, total })
      await this.emitter.emit('tenant:provisioning_completed', {
        tenant,
        status: 'completed',
        stats,
        schemaHash,
      })
      return {
        tenant,
        stats,
        schemaHash,
        method: cloned ? ('clone' as const) : ('migrations' as const),
        spare,
        fallbackReason,
      }
    } catch (error) {
      // Settled before the run ends, so a retry's discardApplied sees them.
      await recording?.catch(() => {})
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
        // The database and role this run created carry this tenant's mark.
        try {
          await this.databases.drop(tenant)
        } catch (cleanupError) {
          tenant.provisioningError = `${failure.summary}; its database was not dropped: ${(cleanupError as Error).message}`
        }
        await tenant.save()
      }
      await this.emitter.emit('tenant:provisioning_failed', { tenant, error: failure })
      throw failure
    }
  }

  /**
   * Makes the migrations' commits durable before the tenant counts as
   * active. They were made with `synchronous_commit = off` (LayeredMigrator
   * asyncCommit): a server crash could lose the last of them. One
   * synchronous commit on the tenant's server flushes the WAL up to it,
   * theirs included (the WAL is the server's, not the database's). A crash
   * before this leaves the tenant "provisioning", and the next run starts
   * with a new database.
   */
  async #flushWal(tenant: Tenant) {
    await this.tenancy.run(tenant, () =>
      this.tenancy.transaction(async () => {
        // Synchronous even on the layers' connection (synchronous_commit off there); an xid
        // makes the commit write a record, and wait for it to be flushed.
        await this.tenancy.db().rawQuery('set local synchronous_commit = on')
        await this.tenancy.db().rawQuery('select txid_current()')
      })
    )
  }

  /**
   * The provisioned tenant's schema. A clone whose custom layer ran nothing
   * has its golden's schema: the one read from an earlier clone in this
   * process is used again instead of reading the catalog.
   */
  async #snapshot(tenant: Tenant, clonedFrom?: GoldenManifest) {
    const known = clonedFrom && this.golden?.snapshotOf(clonedFrom)
    if (known) return known
    const live = await this.snapshots.live(tenant)
    if (clonedFrom) this.golden?.rememberSnapshot(clonedFrom, live)
    return live
  }

  /**
   * Creates the tenant's database: a copy of the golden database, its
   * objects given to the tenant's role, when one is ready; otherwise (or
   * when the copy fails) an empty one. Returns whether it cloned, or why not.
   * The role and database are made on the lock's connection when the tenant
   * is on the landlord's server (no connection of their own).
   *
   * A clone's objects belong to the golden owner role. The tenant's role is
   * made a member of it in the transaction that creates the role, runs
   * `REASSIGN OWNED BY <golden owner> TO current_user` on its own connection
   * (the one its seeders use next: no landlord connection to the copy is
   * opened), and loses the membership at once, whatever happened. While it
   * is a member it can reach nothing of the golden owner's but its own copy:
   * the golden owner owns no database and objects only inside goldens (no
   * connection allowed) and fresh copies (CONNECT for their own role only).
   */
  async #createDatabase(
    tenant: Tenant,
    golden: GoldenOutcome,
    options: { lockClient: pg.Client }
  ): Promise<{ cloned: boolean; spare?: string; reason?: string }> {
    const server = new DatabaseServer(
      this.tenancy.connections.serverFor(tenant),
      this.tenancy.connections.admin
    )
    // As the lock's connection really is (a pooled one is the landlord pool's, whose role
    // may differ from the landlord settings').
    const { host, port, user } = options.lockClient
    const session =
      user && server.sameServerAndRole({ host, port, user }) ? options.lockClient : undefined
    let reason = golden.reason
    if (golden.golden && session) {
      // A spare copy made ahead of time (GoldenSpares): no copy, no REASSIGN while the party waits.
      try {
        const spare = await this.golden!.spares.take(tenant, golden.golden, session)
        if (spare) return { cloned: true, spare }
      } catch (error) {
        this.log(`${tenant.slug}: taking a spare database failed (${(error as Error).message})`)
      }
    }
    if (golden.golden) {
      const owner = golden.golden.owner
      let member = false
      try {
        await this.databases.create(tenant, {
          template: golden.golden.database,
          session,
          memberOf: owner,
        })
        member = true
        // Everything in the copy belongs to the golden owner role: one statement gives it all.
        assertSafeDatabaseName(owner)
        await this.tenancy.run(tenant, () =>
          this.tenancy.db().rawQuery(`reassign owned by ${quoteIdentifier(owner)} to current_user`)
        )
        return { cloned: true }
      } catch (error) {
        reason = `cloning ${golden.golden.database} failed: ${(error as Error).message}`
      } finally {
        if (member) {
          await server.session(
            () => server.revokeMembership(this.databases.roleFor(tenant), owner),
            session
          )
        }
      }
    }
    if (this.golden && this.settings.goldenTemplates !== false) {
      this.log(`${tenant.slug}: no golden database clone (${reason}), running the migrations`)
    }
    await this.databases.create(tenant, { session })
    return { cloned: false, reason }
  }
}
