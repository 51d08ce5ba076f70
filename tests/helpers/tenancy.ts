import { randomBytes, randomUUID } from 'node:crypto'
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import pg from 'pg'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'
import Tenant, { type TenantStatus } from '#models/landlord/tenant'
import TenantTemplate from '#models/landlord/tenant_template'
import TemplateModule from '#models/landlord/template_module'
import provisioner from '#tenancy/services/provisioner'
import tenancy from '#tenancy/services/tenancy'
import { DatabaseServer } from '#tenancy/database_server'
import { DatabaseNotOwnedException } from '#tenancy/exceptions'
import { TenantDatabases } from '#tenancy/tenant_databases'
import { databaseNameFor, isPlatformMark } from '#tenancy/naming'
import { TenantProvisioner } from '#tenancy/tenant_provisioner'
import type { TenantIdentity } from '#tenancy/tenant_context'

/**
 * Shared helpers of the tenancy tests. Everything here works against the
 * real PostgreSQL server: tenant databases are really created and dropped.
 */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Eight random lowercase hex characters: safe in slugs, table, template,
 * module and database names.
 */
export const randomSuffix = () => randomBytes(4).toString('hex')

/**
 * Source of a Lucid migration creating `table` with an id, a name and the
 * given extra text columns.
 */
export function createTableMigration(table: string, extraColumns: string[] = []) {
  const extras = extraColumns.map((column) => `      table.text('${column}').nullable()\n`).join('')
  return `import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = '${table}'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('name', 100).notNullable()
${extras}    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
`
}

/**
 * Source of a migration whose up() throws `message`.
 */
export function throwingMigration(message: string) {
  return `import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    throw new Error(${JSON.stringify(message)})
  }

  async down() {}
}
`
}

/**
 * The database name the provisioner gives a tenant.
 */
export function tenantDatabaseName(slug: string) {
  return databaseNameFor(slug, provisioner.options.databasePrefix)
}

/**
 * CREATE/DROP DATABASE on the tenant's server, through the app's maintenance budget.
 */
export function databaseServerOf(tenant: Pick<TenantIdentity, 'dbHost' | 'dbPort'>) {
  return new DatabaseServer(tenancy.connections.serverFor(tenant), tenancy.connections.admin)
}

/**
 * Runs SQL on a database of the tenants' (default) server with the
 * configured server role: the test's own hand, standing in for an operator
 * or another installation, or reading what the platform left.
 */
export async function asServerAdmin<R>(
  database: string,
  fn: (client: pg.Client) => Promise<R>
): Promise<R> {
  const client = new pg.Client({ ...tenancy.connections.options.defaultServer, database })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * Whether a database exists on the tenant's server.
 */
export function databaseExists(tenant: Pick<TenantIdentity, 'dbHost' | 'dbPort'>, name: string) {
  return databaseServerOf(tenant).exists(name)
}

/**
 * Names of the public tables of a tenant database (layer tracking tables included).
 */
export async function tenantTables(tenant: TenantIdentity): Promise<string[]> {
  return tenancy.run(tenant, async () => {
    const result = await tenancy.db().rawQuery(
      `select table_name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`
    )
    return (result.rows as { table_name: string }[]).map((row) => row.table_name)
  })
}

/**
 * Records the tenancy events emitted while it is attached, and detaches
 * its listeners on dispose().
 */
export class EventRecorder {
  started: Array<{ tenantId: number; slug: string; status: string }> = []
  completed: Array<{
    tenantId: number
    status: string
    tenantStatus: string
    migrations: number
    layers: Record<string, number>
    schemaHash: string
  }> = []
  failed: Array<{ tenantId: number; message: string; stage: string }> = []
  #unsubscribe: Array<() => void> = []

  constructor() {
    this.#unsubscribe.push(
      emitter.on('tenant:provisioning_started', ({ tenant }) => {
        this.started.push({ tenantId: tenant.id, slug: tenant.slug, status: tenant.status })
      }),
      emitter.on('tenant:provisioning_completed', ({ tenant, status, stats, schemaHash }) => {
        this.completed.push({
          tenantId: tenant.id,
          status,
          tenantStatus: tenant.status,
          migrations: stats.migrations,
          layers: { ...stats.layers },
          schemaHash,
        })
      }),
      emitter.on('tenant:provisioning_failed', ({ tenant, error }) => {
        this.failed.push({
          tenantId: tenant.id,
          message: error.message,
          stage: error.details.stage,
        })
      })
    )
  }

  dispose() {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
  }
}

/**
 * The platform's tenant databases, on the app's connection manager.
 */
export function tenantDatabases() {
  return new TenantDatabases(tenancy.connections)
}

/**
 * Drops what a tenant owns (its connection, its marked database and role)
 * through the same guarded path as the engine. A database without this
 * tenant's mark (a test's foreign database) is left for its test to remove.
 */
async function dropOwnedDatabase(tenant: Tenant) {
  await tenancy.connections.closeTenant(tenant.id)
  if (!tenant.dbName) return
  try {
    await tenantDatabases().drop(tenant)
  } catch (error) {
    if (!(error instanceof DatabaseNotOwnedException)) throw error
  }
}

/**
 * Drops every database and role whose name starts with `prefix` and that
 * carries the platform's mark (of any tenant), except the names in `keep`;
 * unmarked ones stay. Returns the names dropped.
 */
export async function dropMarkedOrphans(prefix: string, keep: ReadonlySet<string> = new Set()) {
  const server = new DatabaseServer(
    tenancy.connections.options.defaultServer,
    tenancy.connections.admin
  )
  const dropped: string[] = []
  for (const name of await server.list(prefix)) {
    if (keep.has(name)) continue
    const mark = await server.markOf(name)
    if (isPlatformMark(mark) && (await server.dropOwned(name, mark))) dropped.push(name)
  }
  for (const name of await server.listRoles(prefix)) {
    if (keep.has(name)) continue
    const mark = await server.roleMarkOf(name)
    if (isPlatformMark(mark) && (await server.dropOwnedRole(name, mark)))
      dropped.push(`role ${name}`)
  }
  return dropped
}

/**
 * Drops a tenant made by a test outside TenancyFixtures: its connection,
 * its database and role (if it got them) and its landlord row.
 */
export async function dropTenant(tenant: Tenant | undefined | null) {
  if (!tenant) return
  const row = await whereItIsNow(tenant)
  await dropOwnedDatabase(tenant)
  if (row) await tenant.delete()
}

/**
 * Copies the tenant row's database, role and server onto a test's model
 * instance: another process (a queue worker, an ace command) or another
 * instance (a move) may have changed them since the test read it. Returns
 * the row (null once deleted).
 */
async function whereItIsNow(tenant: Tenant) {
  const row = await Tenant.find(tenant.id)
  if (row) {
    tenant.dbName = row.dbName
    tenant.dbUser = row.dbUser
    tenant.dbHost = row.dbHost
    tenant.dbPort = row.dbPort
  }
  return row
}

/**
 * Test-only templates, modules, tenants and migration layers, all with
 * random names, and the cleanup that removes every one of them: tenant
 * databases, landlord rows and the temporary migration folders.
 *
 * The layers live under tmp/test-layers/<uuid> inside the app root:
 * basic/, templates/<template>/, modules/<module>/, custom/<slug>/,
 * seeders/<template>/.
 */
export class TenancyFixtures {
  readonly root = join('tmp', 'test-layers', randomUUID())
  readonly tenants: Tenant[] = []
  readonly templates: TenantTemplate[] = []
  readonly modules: TemplateModule[] = []
  #provisioner?: TenantProvisioner

  /**
   * Absolute path inside the temporary layers root.
   */
  path(...parts: string[]) {
    return app.makePath(this.root, ...parts)
  }

  /**
   * Writes a file (a migration, usually) at a path relative to the layers root.
   */
  async write(relativePath: string, source: string) {
    const absolute = this.path(relativePath)
    await mkdir(dirname(absolute), { recursive: true })
    await writeFile(absolute, source)
    return absolute
  }

  /**
   * Deletes a file at a path relative to the layers root.
   */
  async remove(relativePath: string) {
    await rm(this.path(relativePath), { force: true })
  }

  /**
   * The real basic layer, a template with a `things` table (name, colour)
   * and one seeder, a module with a `gadgets` table, and provisioner
   * options reading them: the set the golden database specs provision.
   */
  async goldenSet(seeder: { file: string; source: string }) {
    await this.copyBasicLayer()
    const template = await this.template()
    const module = await this.module()
    await this.write(
      `templates/${template.name}/0001_create_things_table.ts`,
      createTableMigration('things', ['colour'])
    )
    await this.write(
      `modules/${module.name}/0001_create_gadgets_table.ts`,
      createTableMigration('gadgets')
    )
    await this.write(`seeders/${template.name}/${seeder.file}`, seeder.source)
    return { template, module, options: this.provisionerOptions }
  }

  /**
   * Copies the real basic layer (database/migrations/tenant/basic).
   */
  async copyBasicLayer() {
    await mkdir(this.path(), { recursive: true })
    await cp(app.makePath('database/migrations/tenant/basic'), this.path('basic'), {
      recursive: true,
    })
  }

  /**
   * A provisioner reading migrations and seeders from this fixture's root,
   * sharing the app's tenancy (and so its connection manager).
   */
  get provisioner() {
    this.#provisioner ??= new TenantProvisioner(db, app, emitter, tenancy, this.provisionerOptions)
    return this.#provisioner
  }

  /** The app's provisioner options, reading migrations and seeders from this fixture's root. */
  get provisionerOptions() {
    return {
      ...provisioner.options,
      migrationsRoot: this.root,
      seedersRoot: join(this.root, 'seeders'),
    }
  }

  async template(options: { isActive?: boolean } = {}) {
    const template = await TenantTemplate.create({
      name: `test_tpl_${randomSuffix()}`,
      displayName: 'Test template',
      isActive: options.isActive ?? true,
      config: {},
    })
    this.templates.push(template)
    return template
  }

  async module(options: { isActive?: boolean; dependsOn?: string[] } = {}) {
    const module = await TemplateModule.create({
      name: `test_mod_${randomSuffix()}`,
      displayName: 'Test module',
      isActive: options.isActive ?? true,
      dependsOn: options.dependsOn ?? [],
    })
    this.modules.push(module)
    return module
  }

  async tenant(
    template: TenantTemplate,
    options: {
      modules?: TemplateModule[]
      status?: TenantStatus
      dbName?: string
    } = {}
  ) {
    const slug = `tt-${randomSuffix()}`
    const tenant = await Tenant.create({
      slug,
      name: `Test tenant ${slug}`,
      templateId: template.id,
      status: options.status ?? 'pending',
      dbName: options.dbName ?? null,
    })
    this.tenants.push(tenant)
    if (options.modules?.length) {
      await tenant.related('modules').attach(options.modules.map((module) => module.id))
    }
    return tenant
  }

  /**
   * An active tenant whose (empty) database and role are created directly,
   * without migrations: for tests that only need a database to connect to.
   */
  async bareTenant(template: TenantTemplate) {
    const slug = `tt-${randomSuffix()}`
    const dbName = tenantDatabaseName(slug)
    const server = tenancy.connections.options.defaultServer
    const tenant = await Tenant.create({
      slug,
      name: `Test tenant ${slug}`,
      templateId: template.id,
      status: 'active',
      dbHost: server.host,
      dbPort: server.port,
      dbName,
    })
    this.tenants.push(tenant)
    await tenantDatabases().create(tenant)
    await tenant.save()
    return tenant
  }

  /**
   * Drops every database and landlord row this fixture created, and its
   * migration folders. Keeps going past individual failures, then reports
   * the first one.
   */
  async cleanup() {
    const errors: unknown[] = []
    const attempt = async (fn: () => Promise<unknown>) => {
      try {
        await fn()
      } catch (error) {
        errors.push(error)
      }
    }

    for (const tenant of this.tenants) {
      await attempt(async () => {
        await whereItIsNow(tenant)
        tenant.dbName ??= tenantDatabaseName(tenant.slug)
        await dropOwnedDatabase(tenant)
      })
    }
    const tenantIds = this.tenants.map((tenant) => tenant.id)
    const moduleIds = this.modules.map((module) => module.id)
    const templateIds = this.templates.map((template) => template.id)
    // History, snapshots and selected modules go with the tenant (ON DELETE CASCADE).
    if (tenantIds.length) {
      await attempt(() => Tenant.query().whereIn('id', tenantIds).delete())
    }
    if (moduleIds.length) {
      await attempt(() => TemplateModule.query().whereIn('id', moduleIds).delete())
    }
    if (templateIds.length) {
      await attempt(() => TenantTemplate.query().whereIn('id', templateIds).delete())
    }
    await attempt(() => rm(this.path(), { recursive: true, force: true }))

    this.tenants.length = 0
    this.modules.length = 0
    this.templates.length = 0
    if (errors.length) throw errors[0]
  }
}
