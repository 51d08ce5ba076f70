import { createHash, randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import type { ApplicationService } from '@adonisjs/core/types'
import type { Database } from '@adonisjs/lucid/database'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import type { BaseSchema } from '@adonisjs/lucid/schema'
import type { MigrationListNode } from '@adonisjs/lucid/types/migrator'
import type { TenantConnectionManager } from '#tenancy/connection_manager'
import type { TenantIdentity } from '#tenancy/tenant_context'
import type { MigrationLayer } from '#tenancy/layers'

export interface AppliedMigration {
  name: string
  durationMs: number
  checksum: string
}

export interface LayerRunResult {
  layer: MigrationLayer
  applied: AppliedMigration[]
  /** Names that would run (dry run) or were pending. */
  pending: string[]
  failed?: { name: string; error: Error; durationMs: number; checksum: string }
}

export interface LayerRollbackResult {
  layer: MigrationLayer
  /** Migrations rolled back (with dryRun: that would be), newest first. */
  rolledBack: string[]
  /** SQL of each migration's down(), by migration name. */
  queries: Record<string, string[]>
  error?: Error
}

export interface LayerUpOptions {
  dryRun?: boolean
  onProgress?: (progress: MigrationProgress) => void
  /**
   * Each migration's commit returns without waiting for its WAL to reach
   * the disk (`synchronous_commit = off`: one WAL flush less per migration). A
   * crash of the server can then lose the last commits (never half of
   * one): only for a database that is thrown away when its run does not
   * finish (provisioning, a golden build), whose caller makes a
   * synchronous commit on the same server before it counts the run as
   * done (that commit flushes the WAL written before it).
   */
  asyncCommit?: boolean
}

export interface MigrationProgress {
  layer: MigrationLayer
  migration: string
  index: number
  total: number
}

/**
 * Runs one layer folder against a tenant database with Lucid's
 * MigrationRunner. Each layer is tracked in its own table, so layers can be
 * applied, listed and rolled back independently.
 */
export class LayeredMigrator {
  constructor(
    protected db: Database,
    protected app: ApplicationService,
    protected connections: TenantConnectionManager
  ) {}

  /**
   * A layer without a folder (a module with no tables yet) has nothing to run.
   */
  #hasFolder(layer: MigrationLayer) {
    return existsSync(this.app.makePath(layer.path))
  }

  /**
   * A short-lived, single-connection Lucid connection to the tenant's
   * database, counted against the maintenance connection budget. With
   * `asyncCommit`, its commits do not wait for the WAL flush
   * (`synchronous_commit = off`, see up()).
   */
  async #withConnection<R>(
    tenant: TenantIdentity,
    fn: (connectionName: string) => Promise<R>,
    options: { asyncCommit?: boolean } = {}
  ): Promise<R> {
    const name = `tenant_${tenant.id}_migrate_${randomUUID().slice(0, 8)}`
    const admin = this.connections.admin
    const base = this.connections.connectionConfig(tenant, admin.options.applicationName)
    const { host, port } = this.connections.serverFor(tenant)
    const server = `${host}:${port}`
    const connection = options.asyncCommit
      ? ({
          ...(base.connection as object),
          options: '-c synchronous_commit=off',
        } as typeof base.connection)
      : base.connection
    // The connection is opened and closed inside one slot of the maintenance budget.
    return admin.withSlot(async () => {
      // With the server's version once known (connectionConfig): knex skips `select version()`.
      this.db.manager.add(name, { ...base, connection })
      try {
        return await fn(name)
      } finally {
        this.connections.learnServerVersion(name, server)
        await this.db.manager.release(name)
      }
    })
  }

  /**
   * Points the connection's migrations at the layer (folder and tracking
   * table): Lucid's runner reads them from the connection's config when it
   * is made, so one connection can run several layers one after the other.
   */
  #useLayer(connectionName: string, layer: MigrationLayer) {
    this.db.manager.get(connectionName)!.config.migrations = {
      paths: [layer.path],
      tableName: layer.trackingTable,
      naturalSort: true,
    }
  }

  #withLayerConnection<R>(
    tenant: TenantIdentity,
    layer: MigrationLayer,
    fn: (connectionName: string) => Promise<R>
  ): Promise<R> {
    return this.#withConnection(tenant, (connectionName) => {
      this.#useLayer(connectionName, layer)
      return fn(connectionName)
    })
  }

  /**
   * Migrations of the layer with their status in this tenant.
   */
  async list(tenant: TenantIdentity, layer: MigrationLayer): Promise<MigrationListNode[]> {
    if (!this.#hasFolder(layer)) return []
    return this.#withLayerConnection(tenant, layer, async (connectionName) => {
      const runner = new MigrationRunner(this.db, this.app, {
        direction: 'up',
        connectionName,
        dryRun: true,
      })
      return runner.getList()
    })
  }

  /**
   * Applies the layer's pending migrations. Stops at the first failing one
   * (its transaction is rolled back) and reports it instead of throwing.
   */
  async up(
    tenant: TenantIdentity,
    layer: MigrationLayer,
    options: LayerUpOptions = {}
  ): Promise<LayerRunResult> {
    if (!this.#hasFolder(layer)) return { layer, applied: [], pending: [] }
    return this.#withConnection(
      tenant,
      (connectionName) => this.#up(connectionName, layer, options),
      { asyncCommit: options.asyncCommit }
    )
  }

  /**
   * Runs fn with an `up` that applies layers one after the other on one
   * connection to the tenant's database (one backend for all of them, not
   * one per layer): provisioning and tenant:migrate. `asyncCommit` as for
   * up(), for the whole session (an `up` call's own is not read).
   */
  session<R>(
    tenant: TenantIdentity,
    fn: (
      up: (layer: MigrationLayer, options?: LayerUpOptions) => Promise<LayerRunResult>,
      /** The connection's Lucid name, for other work of the tenant on it (tenant context). */
      connectionName: string
    ) => Promise<R>,
    options: { asyncCommit?: boolean } = {}
  ): Promise<R> {
    return this.#withConnection(
      tenant,
      (connectionName) =>
        fn(async (layer, upOptions = {}) => {
          if (!this.#hasFolder(layer)) return { layer, applied: [], pending: [] }
          return this.#up(connectionName, layer, upOptions)
        }, connectionName),
      options
    )
  }

  async #up(
    connectionName: string,
    layer: MigrationLayer,
    options: LayerUpOptions
  ): Promise<LayerRunResult> {
    this.#useLayer(connectionName, layer)
    const runner = new MigrationRunner(this.db, this.app, {
      direction: 'up',
      connectionName,
      dryRun: !!options.dryRun,
    })
    const list = await runner.getList()
    const pending = list.filter((node) => node.status === 'pending').map((node) => node.name)
    const result: LayerRunResult = { layer, applied: [], pending }
    if (pending.length === 0 || options.dryRun) return result

    const started = new Map<string, number>()
    const finished = new Map<string, number>()
    const markFinished = (node: { file: { name: string } }) =>
      finished.set(node.file.name, performance.now())
    runner.on('migration:completed', markFinished)
    runner.on('migration:error', markFinished)
    runner.on('migration:start', (node) => {
      started.set(node.file.name, performance.now())
      options.onProgress?.({
        layer,
        migration: node.file.name,
        index: started.size,
        total: pending.length,
      })
    })

    // Never runner.close(): it closes every connection of the app, not just this one.
    await runner.run()

    for (const node of Object.values(runner.migratedFiles)) {
      const begin = started.get(node.file.name) ?? 0
      const durationMs = Math.round((finished.get(node.file.name) ?? begin) - begin)
      const checksum = await checksumOf(node.file.absPath)
      if (node.status === 'completed') {
        result.applied.push({ name: node.file.name, durationMs, checksum })
      } else if (node.status === 'error') {
        result.failed = {
          name: node.file.name,
          error: runner.error ?? new Error('migration failed'),
          durationMs,
          checksum,
        }
      }
    }
    if (runner.error && !result.failed) {
      // Failed before running (e.g. a file that does not load): name the first one not run.
      const applied = new Set(result.applied.map((migration) => migration.name))
      const name = pending.find((candidate) => !applied.has(candidate)) ?? layer.path
      result.failed = { name, error: runner.error, durationMs: 0, checksum: '' }
    }
    return result
  }

  /**
   * Rolls back the layer's last `step` migrations (default: its last batch),
   * newest first, all in one transaction: a down() that fails leaves every
   * migration of the batch in place. A batch with a migration that disables
   * transactions (PostgreSQL refuses some DDL inside one) runs through
   * Lucid's runner, one transaction per migration. With dryRun, nothing
   * changes and `queries` holds the SQL each down() would run.
   */
  async down(
    tenant: TenantIdentity,
    layer: MigrationLayer,
    options: { step?: number; dryRun?: boolean } = {}
  ): Promise<LayerRollbackResult> {
    if (!this.#hasFolder(layer)) return { layer, rolledBack: [], queries: {} }
    return this.#withLayerConnection(tenant, layer, async (connectionName) => {
      const planner = new MigrationRunner(this.db, this.app, {
        direction: 'down',
        connectionName,
        step: options.step,
        dryRun: true,
      })
      await planner.run()
      const nodes = Object.values(planner.migratedFiles)
      const names = nodes.map((node) => node.file.name)
      const queries = Object.fromEntries(nodes.map((node) => [node.file.name, node.queries]))
      if (planner.error) return { layer, rolledBack: [], queries, error: planner.error }
      if (options.dryRun || nodes.length === 0) return { layer, rolledBack: names, queries }

      const schemas = await Promise.all(
        nodes.map(async (node) => (await node.file.getSource()) as typeof BaseSchema)
      )
      if (schemas.some((schema) => schema.disableTransactions)) {
        const runner = new MigrationRunner(this.db, this.app, {
          direction: 'down',
          connectionName,
          step: options.step,
        })
        await runner.run()
        const rolledBack = Object.values(runner.migratedFiles)
          .filter((node) => node.status === 'completed')
          .map((node) => node.file.name)
        return { layer, rolledBack, queries, error: runner.error ?? undefined }
      }

      const trx = await this.db.connection(connectionName).transaction()
      try {
        // The key Lucid's runner locks with: no migration of this database runs meanwhile.
        const lock = await trx.rawQuery('select pg_try_advisory_xact_lock(1) as locked')
        if (!lock.rows[0].locked) {
          throw new Error('Another migration is running in this tenant database')
        }
        for (const [index, name] of names.entries()) {
          await new schemas[index](trx, name, false).execDown()
          await trx.from(layer.trackingTable).where('name', name).delete()
        }
        await trx.commit()
        return { layer, rolledBack: names, queries }
      } catch (error) {
        await trx.rollback()
        return { layer, rolledBack: [], queries, error: error as Error }
      }
    })
  }
}

/** Checksums already computed, by path, with the file's stamp when it was read. */
const checksums = new Map<string, { stamp: string; checksum: string }>()

/**
 * A file changed less than this long ago is read again each time: file
 * times move in coarse steps (a few ms), so two writes of the same size
 * within one step would share a stamp ("racy" entries, as git calls them).
 */
const SETTLED_MS = 1000

/**
 * SHA-256 of a migration (or seeder input) file's content; '' when it cannot
 * be read. Kept per path with the file's inode, size, mtime and ctime (in
 * nanoseconds), and computed again when any of them changed: provisioning
 * checks ~60 files each time (the golden's key) and reads only changed
 * ones. Writing a file always moves its ctime, which nobody can set back;
 * a file changed within the last second is not kept (SETTLED_MS).
 */
export async function checksumOf(path: string) {
  try {
    const info = await stat(path, { bigint: true })
    const stamp = `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`
    const known = checksums.get(path)
    if (known?.stamp === stamp) return known.checksum
    const checksum = createHash('sha256')
      .update(await readFile(path))
      .digest('hex')
    // The stamp read before the content: a write in between shows as a new stamp next time.
    if (Date.now() - Number(info.ctimeMs) >= SETTLED_MS) checksums.set(path, { stamp, checksum })
    else checksums.delete(path)
    return checksum
  } catch {
    return ''
  }
}
