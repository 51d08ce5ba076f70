import { createHash } from 'node:crypto'
import type pg from 'pg'
import { existsSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { ApplicationService } from '@adonisjs/core/types'
import type { DatabaseServerSettings, TenantConnectionManager } from '#tenancy/connection_manager'
import type { AppliedMigration, LayeredMigrator, LayerRunResult } from '#tenancy/layered_migrator'
import type { MigrationLayer } from '#tenancy/layers'
import { AdvisoryLock } from '#tenancy/advisory_lock'
import { DatabaseServer } from '#tenancy/database_server'
import { GoldenSpares } from '#tenancy/golden_spares'
import { checksumOf } from '#tenancy/layered_migrator'
import { goldenMarkKind, quoteIdentifier } from '#tenancy/naming'
import { sourceFilesIn } from '#tenancy/tenant_layers'
import type { TenantSeeder } from '#tenancy/tenant_seeder'
import type { SchemaSnapshot } from '#tenancy/schema_inspector'

/** Namespace of the golden build advisory locks ("GOLD"). */
const LOCK_NAMESPACE = 0x474f4c44

/** Start of the comment on a ready golden database. */
export const GOLDEN_MARK_PREFIX = 'sangathan:golden:'
/** Start of the comment on a golden database still being built (or left by a crash). */
export const GOLDEN_BUILDING_MARK_PREFIX = 'sangathan:golden-building:'

const GOLDEN_MARKS = goldenMarkKind({
  ready: GOLDEN_MARK_PREFIX,
  building: GOLDEN_BUILDING_MARK_PREFIX,
})
const readyMark = GOLDEN_MARKS.ready
const buildingMark = GOLDEN_MARKS.building

/**
 * Whether a database comment is a golden mark (ready or building).
 */
export const isGoldenMark = GOLDEN_MARKS.is
/** The comment on the role that owns the objects inside golden databases. */
export const GOLDEN_OWNER_MARK = 'sangathan:golden-owner'

/**
 * Part of every golden's key: a golden built another way is rebuilt. 2: its
 * objects belong to the golden owner role (1 had them owned by the landlord role).
 */
const GOLDEN_FORMAT = 2

/**
 * The migrations a golden database holds, per layer, with the SHA-256 of
 * each file: what a clone records in the landlord history.
 */
export interface GoldenManifest {
  /** SHA-256 of template, modules and every migration's name and checksum. */
  key: string
  /** SHA-256 (16 hex) of template and modules: goldens of one set replace each other. */
  setId: string
  database: string
  /** The role owning every object inside the golden database (not the database itself). */
  owner: string
  layers: Array<{ layer: MigrationLayer; migrations: AppliedMigration[] }>
  /** Per-template seeders (file names) the golden database was seeded with. */
  seeders: string[]
}

export interface GoldenTemplatesSettings {
  enabled: boolean
  /** Tenant database prefix; golden databases are `<prefix>_g_<key>` (no slug can make that). */
  databasePrefix: string
  /** Landlord server and role: the golden databases' owner and the lock's connection. */
  landlord: DatabaseServerSettings & { database: string }
  /**
   * Reads a database's comment (as DatabaseServer#markOf) on a connection
   * already open to the landlord's server (the landlord's pool), so that
   * finding a golden ready opens no connection. Without it, a maintenance
   * connection is opened.
   */
  readMark?: (database: string) => Promise<string | null | undefined>
  /** Ready spare copies kept per golden (GoldenSpares); 0 or unset keeps none. */
  spares?: number
}

export type GoldenOutcome =
  | { golden: GoldenManifest; built: boolean; reason?: undefined }
  | { golden?: undefined; built?: undefined; reason: string }

/**
 * Golden template databases: one migrated database per template + module
 * set + migration checksums, kept as a PostgreSQL template (no connections
 * allowed) so provisioning can copy it with CREATE DATABASE … TEMPLATE
 * instead of running every migration. Owned by the landlord role and
 * marked `sangathan:golden:<set>:<key>`; only databases carrying a golden
 * mark are ever dropped. A changed migration gives a new key: the next
 * provisioning builds a new golden and drops the set's stale ones.
 *
 * The objects inside a golden (tables, sequences, types, functions) belong
 * to the golden owner role (`<prefix>_golden_owner`, NOLOGIN, marked
 * `sangathan:golden-owner`), so a clone gives them all to its tenant's role
 * in one `REASSIGN OWNED` (run by the tenant's role, a member of the golden
 * owner for that statement only: see ProvisioningPipeline). That role owns
 * nothing else: no database (the goldens themselves stay the landlord
 * role's, so REASSIGN OWNED in a clone never moves a golden), no object
 * outside goldens and their fresh copies.
 */
export class GoldenTemplates {
  constructor(
    protected app: ApplicationService,
    protected connections: TenantConnectionManager,
    protected migrator: LayeredMigrator,
    public readonly settings: GoldenTemplatesSettings,
    /** Runs the template's per-template seeders in the golden database. */
    protected seeder?: TenantSeeder
  ) {
    this.spares = new GoldenSpares(connections, {
      databasePrefix: settings.databasePrefix,
      landlord: settings.landlord,
      count: settings.enabled ? (settings.spares ?? 0) : 0,
    })
  }

  /** Copies of the goldens made ahead of time, for provisioning to take. */
  readonly spares: GoldenSpares

  /** Schema of a clone of each golden (by key), as first read in this process. */
  #snapshots = new Map<string, SchemaSnapshot>()

  /**
   * The schema snapshot of a clone of this golden, when one was taken in this
   * process: every clone has the same schema until its custom layer runs.
   */
  snapshotOf(golden: GoldenManifest) {
    return this.#snapshots.get(golden.key)
  }

  rememberSnapshot(golden: GoldenManifest, snapshot: SchemaSnapshot) {
    this.#snapshots.set(golden.key, snapshot)
  }

  /**
   * The role owning the objects inside every golden database of this prefix.
   * No tenant database is named so: a slug never starts with an underscore.
   */
  get ownerRole() {
    return `${this.settings.databasePrefix}_golden_owner`
  }

  /**
   * The golden layers (all but custom) with their files and checksums, and the key.
   */
  async manifest(layers: MigrationLayer[]): Promise<GoldenManifest> {
    const goldenLayers = layers.filter((layer) => layer.type !== 'custom')
    const template = goldenLayers.find((layer) => layer.type === 'template')?.owner
    // Every file is read on every provisioning; the reads run side by side (in order one
    // after the other they were ~20 ms of a clone).
    const [described, seeders] = await Promise.all([
      Promise.all(
        goldenLayers.map(async (layer) => {
          const absolute = this.app.makePath(layer.path)
          const files = existsSync(absolute) ? await sourceFilesIn(absolute) : []
          const migrations: AppliedMigration[] = await Promise.all(
            files.map(async (file) => ({
              // The name Lucid records: the layer folder and the file without its extension.
              name: join(layer.path, basename(file, extname(file))).replaceAll('\\', '/'),
              checksum: await checksumOf(join(absolute, file)),
              durationMs: 0,
            }))
          )
          return { layer, migrations }
        })
      ),
      template && this.seeder ? this.seeder.templateInputs(template) : [],
    ])
    const owners = goldenLayers.map((layer) => layer.key)
    const setId = sha256(JSON.stringify(owners)).slice(0, 16)
    const layerKey = described.map(({ layer, migrations }) => [
      layer.key,
      layer.path,
      layer.trackingTable,
      migrations.map((migration) => [migration.name, migration.checksum]),
    ])
    // Without per-template seeders the key is what it was before seeders were baked in.
    const key = sha256(
      JSON.stringify([
        GOLDEN_FORMAT,
        layerKey,
        seeders.map(({ file, checksums }) => [file, checksums]),
      ])
    )
    return {
      key,
      setId,
      database: `${this.settings.databasePrefix}_g_${key.slice(0, 24)}`,
      owner: this.ownerRole,
      layers: described,
      seeders: seeders.map(({ file }) => file),
    }
  }

  /**
   * A ready golden database for these layers, built now when missing or
   * stale. Never throws: when no golden can be had (disabled, a migration
   * fails, another process is building it) it says why.
   */
  async ensure(layers: MigrationLayer[]): Promise<GoldenOutcome> {
    if (!this.settings.enabled) return { reason: 'golden templates are disabled' }
    try {
      const golden = await this.manifest(layers)
      const readMark = this.settings.readMark ?? ((name) => this.#server().markOf(name))
      if ((await readMark(golden.database)) === readyMark(golden)) {
        return { golden, built: false }
      }
      const lock = new AdvisoryLock(this.settings.landlord, LOCK_NAMESPACE, this.connections.admin)
      const outcome = await lock.tryWith(Number.parseInt(golden.key.slice(0, 7), 16), () =>
        this.#build(golden)
      )
      if (!outcome.acquired) return { reason: 'another process is building this golden database' }
      return { golden, built: outcome.value }
    } catch (error) {
      return { reason: `golden database unavailable: ${(error as Error).message}` }
    }
  }

  /**
   * Builds the golden database under the lock (unless a process that held
   * the lock before us already did) and drops the set's stale goldens.
   * Returns whether it built.
   */
  async #build(golden: GoldenManifest) {
    const server = this.#server()
    const found = await server.markOf(golden.database)
    if (found === readyMark(golden)) return false
    const building = buildingMark(golden)
    if (found !== undefined && found !== building) {
      throw new Error(`database "${golden.database}" exists without this golden's mark`)
    }
    await server.dropOwned(golden.database, building)
    await server.createOwned(golden.database, {
      owner: this.settings.landlord.user,
      mark: building,
    })
    const identity = this.#identity(golden)
    for (const { layer } of golden.layers) {
      // Commits without waiting for the disk: the synchronous REASSIGN below, on the same
      // server, flushes them before the golden is marked ready (a crash before: rebuilt).
      const result = await this.migrator.up(identity, layer, { asyncCommit: true })
      if (result.failed) {
        await server.dropOwned(golden.database, building)
        throw new Error(`migration ${result.failed.name} failed: ${result.failed.error.message}`)
      }
    }
    const template = golden.layers.find(({ layer }) => layer.type === 'template')?.layer.owner
    if (template && this.seeder && golden.seeders.length > 0) {
      try {
        await this.seeder.seedTemplate(identity, template)
      } catch (error) {
        await this.connections.closeTenant(identity.id)
        await server.dropOwned(golden.database, building)
        throw new Error(`seeding failed: ${(error as Error).message}`)
      }
      // No session may stay on a template database.
      await this.connections.closeTenant(identity.id)
    }
    try {
      await server.ensureOwnerRole(golden.owner, GOLDEN_OWNER_MARK)
      await server.reassignObjects(golden.database, golden.owner)
    } catch (error) {
      await server.dropOwned(golden.database, building)
      throw new Error(`giving its objects to ${golden.owner} failed: ${(error as Error).message}`)
    }
    await this.#withClient(async (client) => {
      const database = quoteIdentifier(golden.database)
      await client.query(
        `comment on database ${database} is ${client.escapeLiteral(readyMark(golden))}`
      )
      // A template nobody can connect to: CREATE DATABASE … TEMPLATE never meets a session there.
      await client.query(`alter database ${database} with is_template true allow_connections false`)
    })
    await this.prune({ setId: golden.setId, keep: golden.database, keepKey: golden.key })
    return true
  }

  /**
   * Drops golden databases (only those carrying a golden mark): of one set
   * except `keep`, or all of them; and their spares (GoldenSpares#prune: of
   * the set but those of `keepKey`, or all). Returns their names.
   */
  async prune(options: { setId?: string; keep?: string; keepKey?: string } = {}) {
    const dropped: string[] = []
    const prefix = `${this.settings.databasePrefix}_g_`
    for (const name of await this.#server().list(prefix)) {
      if (name === options.keep) continue
      const mark = await this.#server().markOf(name)
      if (!isGoldenMark(mark)) continue
      if (options.setId && GOLDEN_MARKS.parts(mark).setId !== options.setId) continue
      await this.#withClient(async (client) => {
        const database = quoteIdentifier(name)
        // Re-checked on the same connection that drops it: only a golden is ever dropped.
        const current = await client.query<{ mark: string | null }>(
          `select shobj_description(oid, 'pg_database') as mark from pg_database where datname = $1`,
          [name]
        )
        if (current.rows[0]?.mark !== mark) return
        await client.query(`alter database ${database} with is_template false`)
        await client.query(`drop database if exists ${database} with (force)`)
        dropped.push(name)
      })
    }
    dropped.push(...(await this.spares.prune({ setId: options.setId, keep: options.keepKey })))
    return dropped
  }

  /**
   * What a clone records in the landlord history for a golden layer: the
   * same names and checksums the migrations would have recorded.
   */
  runResults(golden: GoldenManifest): LayerRunResult[] {
    return golden.layers.map(({ layer, migrations }) => ({
      layer,
      applied: migrations.map((migration) => ({ ...migration })),
      pending: [],
    }))
  }

  #identity(golden: GoldenManifest) {
    const landlord = this.settings.landlord
    return {
      id: 0,
      slug: golden.database,
      dbHost: landlord.host,
      dbPort: landlord.port,
      dbName: golden.database,
      dbUser: landlord.user,
      // Trust or peer authentication never asks for it; the engine wants one to be set.
      dbPassword: landlord.password || 'no-password',
    }
  }

  #server() {
    return new DatabaseServer(this.settings.landlord, this.connections.admin)
  }

  #withClient<R>(fn: (client: pg.Client) => Promise<R>) {
    return this.connections.admin.withClient(
      { ...this.settings.landlord, database: 'postgres' },
      fn
    )
  }
}

function sha256(value: string) {
  return createHash('sha256').update(value).digest('hex')
}
