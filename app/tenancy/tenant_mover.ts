import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Tenant from '#models/landlord/tenant'
import type { TenancyManager } from '#tenancy/tenancy_manager'
import type { DatabaseServerSettings } from '#tenancy/connection_manager'
import type { TenantIdentity } from '#tenancy/tenant_context'
import type { ServerRegistry } from '#tenancy/server_registry'
import { AdvisoryLock } from '#tenancy/advisory_lock'
import { DatabaseServer } from '#tenancy/database_server'
import {
  DatabaseNotOwnedException,
  TenantMoveException,
  TenantMoveRefusedException,
  type MoveStage,
} from '#tenancy/exceptions'
import { quoteIdentifier, tenantMark } from '#tenancy/naming'
import { SchemaInspector, type SchemaSnapshot } from '#tenancy/schema_inspector'
import { driftEntries } from '#tenancy/drift_entries'
import { SchemaSnapshots } from '#tenancy/schema_snapshots'
import { TENANT_LOCK_NAMESPACE } from '#tenancy/provisioning_pipeline'

export interface MoveOptions {
  /** Told as each stage starts. */
  onStage?: (stage: MoveStage) => void
  /**
   * Runs after the copy, before the verification (tests use it to write
   * into the source meanwhile, as a late request would).
   */
  beforeVerify?: () => Promise<void>
}

export interface MoveResult {
  slug: string
  from: string
  to: string
  database: string
  schemaHash: string
  tables: number
  rows: number
  durationMs: number
  /**
   * The copy's schema differs from the source's only in how PostgreSQL
   * printed some expressions, and was stored as the tenant's new snapshot
   * (reason `moved`) so drift checks compare like with like.
   */
  newBaseline: boolean
  /** Set when the tenant was moved but its old database could not be dropped. */
  sourceLeft?: string
}

/** What is compared between source and copy. */
interface Fingerprint {
  schema: SchemaSnapshot
  schemaHash: string
  rows: Map<string, number>
}

export interface MoverSettings {
  /** Landlord server and database, for the tenant's advisory lock. */
  landlord: DatabaseServerSettings & { database: string }
  /** Folder of pg_dump and pg_restore (PG_BIN_DIR); PATH when empty. */
  binDir?: string
}

/** Mark of a database tenant:move is still building; never a tenant's own mark. */
export function movingMark(uuid: string) {
  return tenantMark(uuid).replace('sangathan:tenant:', 'sangathan:moving:')
}

/**
 * Moves a tenant's database to another registered server: under the
 * tenant's advisory lock (the one provisioning takes) and with the tenant
 * suspended, it creates the tenant's role and a database marked
 * `sangathan:moving:<uuid>` on the target, copies the source into it with
 * pg_dump and pg_restore, and compares the schema hash and the row count of
 * every table. Only then does the target get the tenant's mark and the
 * landlord row its new host and port (saving it empties every process's
 * host cache); the source database and role are dropped last. On any failure
 * before the switch the tenant stays where it was, with its status back,
 * and only what this move created on the target is dropped.
 */
export class TenantMover {
  protected inspector = new SchemaInspector()
  protected snapshots: SchemaSnapshots

  constructor(
    protected tenancy: TenancyManager,
    protected servers: ServerRegistry,
    protected settings: MoverSettings
  ) {
    this.snapshots = new SchemaSnapshots(tenancy)
  }

  async move(tenant: Tenant, serverName: string, options: MoveOptions = {}): Promise<MoveResult> {
    const target = await this.servers.find(serverName)
    if (!target) {
      throw new TenantMoveRefusedException(
        `No database server "${serverName}" (node ace db-server:list)`
      )
    }
    this.#assertMovable(tenant)
    const source = this.tenancy.connections.serverFor(tenant)
    if (source.host === target.host && source.port === target.port) {
      throw new TenantMoveRefusedException(
        `${tenant.slug} is already on server ${target.name} (${target.host}:${target.port})`
      )
    }
    if (!target.accepting) {
      throw new TenantMoveRefusedException(
        `Server ${target.name} does not accept new tenants ` +
          `(node ace db-server:update ${target.name} --accepting=yes)`
      )
    }
    const loads = await this.servers.list()
    const load = loads.find((server) => server.id === target.id)
    if (load && load.tenants >= load.capacity) {
      throw new TenantMoveRefusedException(
        `Server ${target.name} is full (${load.tenants} of ${load.capacity} tenants)`
      )
    }

    const lock = new AdvisoryLock(
      this.settings.landlord,
      TENANT_LOCK_NAMESPACE,
      this.tenancy.connections.admin
    )
    const outcome = await lock.tryWith(tenant.id, () =>
      this.#moveLocked(
        tenant,
        { ...source, name: target.name, host: target.host, port: target.port },
        options
      )
    )
    if (!outcome.acquired) {
      throw new TenantMoveRefusedException(
        `${tenant.slug} is busy: another process is provisioning or moving it; try again when it has finished`
      )
    }
    return outcome.value
  }

  #assertMovable(tenant: Tenant) {
    if (tenant.status !== 'active' && tenant.status !== 'suspended') {
      throw new TenantMoveRefusedException(
        `${tenant.slug} is ${tenant.status}: only an active or suspended tenant can be moved`
      )
    }
    if (!tenant.dbName) throw new TenantMoveRefusedException(`${tenant.slug} has no database`)
    if (!tenant.dbUser || !tenant.dbPassword) {
      throw new TenantMoveRefusedException(
        `${tenant.slug} has no database role of its own yet: run node ace tenant:secure ${tenant.slug} first`
      )
    }
  }

  async #moveLocked(
    tenant: Tenant,
    target: DatabaseServerSettings & { name: string },
    options: MoveOptions
  ): Promise<MoveResult> {
    const started = performance.now()
    // The row may have changed before the lock was ours.
    await tenant.refresh()
    this.#assertMovable(tenant)
    const connections = this.tenancy.connections
    const sourceSettings = connections.serverFor(tenant)
    if (sourceSettings.host === target.host && sourceSettings.port === target.port) {
      throw new TenantMoveRefusedException(`${tenant.slug} is already on server ${target.name}`)
    }
    const name = tenant.dbName!
    const role = tenant.dbUser!
    const mark = tenantMark(tenant.uuid)
    const building = movingMark(tenant.uuid)
    const sourceServer = new DatabaseServer(sourceSettings, connections.admin)
    const targetServer = new DatabaseServer(target, connections.admin)
    const original = { host: tenant.dbHost, port: tenant.dbPort, status: tenant.status }
    const from = `${sourceSettings.host}:${sourceSettings.port}`
    const to = `${target.name} (${target.host}:${target.port})`
    const targetIdentity: TenantIdentity = {
      id: tenant.id,
      slug: tenant.slug,
      dbHost: target.host,
      dbPort: target.port,
      dbName: name,
      dbUser: role,
      dbPassword: tenant.dbPassword,
    }

    let stage: MoveStage = 'prepare'
    let createdRole = false
    let targetMark: string | undefined
    let fingerprint: Fingerprint
    let newBaseline = false
    const report = (next: MoveStage) => {
      stage = next
      options.onStage?.(next)
    }
    try {
      report('prepare')
      // Requests get the 503 page and new work stays out; sessions still open are ended.
      if (original.status === 'active') {
        tenant.status = 'suspended'
        await tenant.save()
      }
      await connections.closeTenant(tenant.id)
      await sourceServer.terminateSessions(name)

      await targetServer.session(async () => {
        const found = await targetServer.markOf(name)
        // A copy an interrupted move of this tenant left behind is rebuilt; nothing else is touched.
        if (found === building) await targetServer.dropOwned(name, building)
        else if (found !== undefined) {
          throw new DatabaseNotOwnedException(
            `Database "${name}" already exists on server ${target.name} ` +
              `(${found ? `marked "${found}"` : 'unmarked'}); it was left untouched`
          )
        }
        createdRole = (await targetServer.roleMarkOf(role)) === undefined
        await targetServer.ensureRole(role, { password: tenant.dbPassword!, mark })
        await targetServer.createOwned(name, { owner: role, mark: building })
        targetMark = building
      })

      report('copy')
      await this.#copy(sourceSettings, target, name, role)

      report('verify')
      await options.beforeVerify?.()
      fingerprint = await this.#fingerprint(tenant)
      const copy = await this.#fingerprint(targetIdentity)
      const { problems, reprintedOnly } = this.#compare(fingerprint, copy)
      if (problems.length > 0) {
        throw new Error(`the copy differs from the source: ${problems.join('; ')}`)
      }
      // The copy's own schema becomes the baseline only when the source had no drift.
      const baseline = await this.snapshots.latest(tenant)
      newBaseline = reprintedOnly && baseline?.schemaHash === fingerprint.schemaHash

      report('switch')
      await targetServer.remark(name, building, mark)
      targetMark = mark
      tenant.dbHost = target.host
      tenant.dbPort = target.port
      tenant.status = original.status
      await tenant.save()
      if (newBaseline) await this.snapshots.take(tenant, 'moved')
    } catch (error) {
      const cleanup = await this.#undo(tenant, original, {
        targetServer,
        name,
        role,
        targetMark,
        createdRole,
      })
      throw new TenantMoveException(
        `Moving ${tenant.slug} to ${to} failed at stage ${stage}: ${(error as Error).message}; ` +
          `the tenant stays on ${from} with its data`,
        { stage, cleanup, cause: error }
      )
    }

    report('drop_source')
    let sourceLeft: string | undefined
    try {
      await connections.closeTenant(tenant.id)
      await sourceServer.dropOwned(name, mark)
      await sourceServer.dropOwnedRole(role, mark)
    } catch (error) {
      sourceLeft =
        `the old database ${name} on ${from} could not be dropped (${(error as Error).message}); ` +
        'the tenant already uses the new server: drop the old one by hand once checked'
    }
    return {
      slug: tenant.slug,
      from,
      to,
      database: name,
      schemaHash: fingerprint!.schemaHash,
      tables: fingerprint!.rows.size,
      rows: [...fingerprint!.rows.values()].reduce((sum, count) => sum + count, 0),
      durationMs: Math.round(performance.now() - started),
      newBaseline,
      sourceLeft,
    }
  }

  /**
   * Puts the tenant back where it was and drops what this move created on
   * the target (only with the mark this move gave it). Returns what it did,
   * in words, and never throws.
   */
  async #undo(
    tenant: Tenant,
    original: { host: string | null; port: number | null; status: Tenant['status'] },
    made: {
      targetServer: DatabaseServer
      name: string
      role: string
      targetMark?: string
      createdRole: boolean
    }
  ) {
    const done: string[] = []
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn()
        done.push(`${what}: done`)
      } catch (error) {
        done.push(`${what}: FAILED (${(error as Error).message})`)
      }
    }
    await this.tenancy.connections.closeTenant(tenant.id)
    await attempt('restore the tenant row', async () => {
      tenant.dbHost = original.host
      tenant.dbPort = original.port
      tenant.status = original.status
      await tenant.save()
    })
    if (made.targetMark) {
      const mark = made.targetMark
      await attempt(`drop the copy ${made.name} on the target`, () =>
        made.targetServer.dropOwned(made.name, mark)
      )
    }
    if (made.createdRole) {
      await attempt(`drop the role ${made.role} on the target`, () =>
        made.targetServer.dropOwnedRole(made.role, tenantMark(tenant.uuid))
      )
    }
    return done.join('; ')
  }

  /**
   * pg_dump of the source into a file, pg_restore of it into the target
   * database as the tenant's role (so it owns every object), in one
   * transaction that stops at the first error.
   */
  async #copy(
    source: DatabaseServerSettings,
    target: DatabaseServerSettings,
    name: string,
    role: string
  ) {
    const folder = await mkdtemp(join(tmpdir(), 'sangathan-move-'))
    const dump = join(folder, `${name}.dump`)
    try {
      await this.#run(
        'pg_dump',
        [
          ...connectionArgs(source),
          '--format=custom',
          '--no-owner',
          '--no-acl',
          '--file',
          dump,
          name,
        ],
        source
      )
      await this.#run(
        'pg_restore',
        [
          ...connectionArgs(target),
          '--dbname',
          name,
          `--role=${role}`,
          '--no-owner',
          '--no-acl',
          '--exit-on-error',
          '--single-transaction',
          dump,
        ],
        target
      )
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  }

  #run(program: string, args: string[], server: DatabaseServerSettings) {
    const file = this.settings.binDir ? join(this.settings.binDir, program) : program
    const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: `sangathan:move:${process.pid}` }
    if (server.password) env.PGPASSWORD = server.password
    return new Promise<void>((resolve, reject) => {
      execFile(file, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
        if (!error) return resolve()
        const detail = stderr.trim().split('\n').slice(-3).join(' ') || error.message
        reject(new Error(`${program} failed: ${detail}`))
      })
    })
  }

  /**
   * What differs between source and copy, in words (empty when they match),
   * and whether the schemas differ only in how PostgreSQL printed some
   * expressions back (see normalizedSchema).
   */
  #compare(source: Fingerprint, copy: Fingerprint) {
    const problems: string[] = []
    let reprintedOnly = false
    if (source.schemaHash !== copy.schemaHash) {
      const normalized = driftEntries(
        this.inspector.diff(normalizedSchema(source.schema), normalizedSchema(copy.schema))
      )
      if (normalized.length === 0) reprintedOnly = true
      else {
        const shown = normalized
          .slice(0, 5)
          .map(
            (entry) =>
              `${entry.kind} ${entry.name} ${entry.change}${entry.after ? `: ${entry.after}` : ''}`
          )
        if (normalized.length > 5) shown.push(`${normalized.length - 5} more`)
        problems.push(
          `schema hash ${source.schemaHash.slice(0, 12)} on the source, ` +
            `${copy.schemaHash.slice(0, 12)} on the copy (${shown.join(', ')})`
        )
      }
    }
    const tables = new Set([...source.rows.keys(), ...copy.rows.keys()])
    for (const table of [...tables].sort()) {
      const before = source.rows.get(table)
      const after = copy.rows.get(table)
      if (before !== after) {
        problems.push(
          `${table}: ${before ?? 'no table'} rows on the source, ${after ?? 'no table'} on the copy`
        )
      }
    }
    return { problems, reprintedOnly }
  }

  /**
   * Schema hash (as snapshots take it) and the row count of every table of
   * the public schema, layer tracking tables included.
   */
  async #fingerprint(tenant: TenantIdentity): Promise<Fingerprint> {
    return this.tenancy.run(tenant, async () => {
      const client = this.tenancy.db()
      const schema = await this.inspector.snapshot(client)
      const schemaHash = this.inspector.hash(schema)
      const tables = await client.rawQuery(
        `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`
      )
      const names = (tables.rows as { name: string }[]).map((row) => row.name)
      const rows = new Map<string, number>()
      if (names.length > 0) {
        const counts = await client.rawQuery(
          names
            .map(
              (table) =>
                `select ${quoteLiteral(table)} as name, count(*)::bigint as count from public.${quoteIdentifier(table)}`
            )
            .join(' union all ')
        )
        for (const row of counts.rows as { name: string; count: string }[]) {
          rows.set(row.name, Number(row.count))
        }
      }
      return { schema, schemaHash, rows }
    })
  }
}

function connectionArgs(server: DatabaseServerSettings) {
  return [
    '--host',
    server.host,
    '--port',
    String(server.port),
    '--username',
    server.user,
    '--no-password',
  ]
}

function quoteLiteral(value: string) {
  return `'${value.replaceAll("'", "''")}'`
}

/**
 * The snapshot with every expression (defaults, indexes, constraints,
 * triggers) reduced to what survives PostgreSQL printing it and parsing it
 * again: casts to text and character varying and parentheses dropped,
 * whitespace removed. pg_restore re-parses what pg_dump printed, and a few
 * expressions come back printed differently though they mean the same: an
 * IN list on a varchar column is `(period)::text = ANY ((ARRAY['Q1'::character
 * varying])::text[])` in the source and `(period)::text = ANY
 * (ARRAY['Q1'::character varying::text])` in the copy.
 */
export function normalizedSchema(snapshot: SchemaSnapshot): SchemaSnapshot {
  const reduce = (text: string) =>
    text.replaceAll(/::(?:character varying|text)(?:\[\])?/g, '').replaceAll(/[\s()]/g, '')
  const record = (values: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([key, value]) => [key, reduce(value)]))
  return {
    enums: snapshot.enums,
    functions: snapshot.functions,
    tables: Object.fromEntries(
      Object.entries(snapshot.tables).map(([name, table]) => [
        name,
        {
          columns: Object.fromEntries(
            Object.entries(table.columns).map(([column, shape]) => [
              column,
              { ...shape, default: shape.default === null ? null : reduce(shape.default) },
            ])
          ),
          indexes: record(table.indexes),
          constraints: record(table.constraints),
          triggers: record(table.triggers),
        },
      ])
    ),
  }
}
