import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ApplicationService } from '@adonisjs/core/types'
import type { BaseSeeder } from '@adonisjs/lucid/seeders'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#models/landlord/tenant'
import type { TenancyManager } from '#tenancy/tenancy_manager'
import type { TenantIdentity } from '#tenancy/tenant_context'
import { checksumOf } from '#tenancy/layered_migrator'
import { sourceFilesIn } from '#tenancy/tenant_layers'

/**
 * What a seeder class may declare. `perTemplate` marks data that is the same
 * for every tenant of the template (no tenant row, no date): golden template
 * databases are built with it, so a clone holds it already. `inputs` are the
 * files (app-root relative, without extension) its data comes from: they are
 * part of the golden's key, so changing them rebuilds the golden. A folder
 * counts with every file in it.
 */
export interface SeederClass {
  new (client: QueryClientContract): BaseSeeder & { prepared?: unknown }
  perTemplate?: boolean
  inputs?: string[]
  /**
   * Work a per-tenant seeder needs that touches no database (a password
   * hash): started when the tenant's database is being created, so it runs
   * meanwhile; its result is the seeder's `prepared` when it runs.
   */
  prepare?: (tenant?: TenantIdentity) => Promise<unknown>
  /**
   * prepare() needs no tenant (a generated password and its hash):
   * TenantSeeder#prepareAhead makes one result ahead, off any provisioning's
   * path, for the next provisioning to take. It is then called with no
   * tenant (the party it will serve does not exist yet), never with the
   * party provisioned before.
   */
  prepareAhead?: boolean
}

/** Results of seeders' prepare(), by file, still running. */
export type PreparedSeeders = Map<string, Promise<unknown>>

export interface SeederFile {
  file: string
  Seeder: SeederClass
}

/**
 * Runs a template's seeders (<seedersRoot>/<template name>/*) in a tenant database.
 */
export class TenantSeeder {
  constructor(
    protected app: ApplicationService,
    protected tenancy: TenancyManager,
    protected seedersRoot: string
  ) {}

  /** Seeder classes by file path: each file is imported once (import() keeps no other copy). */
  #classes = new Map<string, SeederClass>()
  /** prepare() results made ahead (prepareAhead), by file path, one each. */
  #ahead = new Map<string, Promise<unknown>>()

  /**
   * The template's seeders in order, imported.
   */
  async load(templateName: string): Promise<SeederFile[]> {
    const absolute = this.app.makePath(join(this.seedersRoot, templateName))
    if (!existsSync(absolute)) return []
    const files = await sourceFilesIn(absolute)
    const loaded: SeederFile[] = []
    for (const file of files) {
      const path = join(absolute, file)
      let Seeder = this.#classes.get(path)
      if (!Seeder) {
        const module = await import(pathToFileURL(path).href)
        Seeder = module.default as SeederClass
        this.#classes.set(path, Seeder)
      }
      loaded.push({ file, Seeder })
    }
    return loaded
  }

  /**
   * Runs the seeders in order (they are idempotent); returns their file
   * names. `skip` names seeders already run (those a golden database holds).
   */
  async seed(
    tenant: Tenant,
    options: { skip?: readonly string[]; prepared?: PreparedSeeders } = {}
  ) {
    await this.#loadTemplate(tenant)
    const all = await this.load(tenant.template.name)
    const seeders = all.filter(({ file }) => !options.skip?.includes(file))
    if (seeders.length === 0) return []
    return this.#run(tenant, seeders, options.prepared)
  }

  /**
   * Starts the prepare() of the template's seeders that have one and returns
   * their results still running (a failure surfaces when the seeder runs).
   */
  async prepare(tenant: Tenant): Promise<PreparedSeeders> {
    await this.#loadTemplate(tenant)
    const prepared: PreparedSeeders = new Map()
    for (const { file, Seeder } of await this.load(tenant.template.name)) {
      if (!Seeder.prepare || Seeder.perTemplate) continue
      const key = this.#pathOf(tenant.template.name, file)
      const ahead = this.#ahead.get(key)
      this.#ahead.delete(key)
      // A result made ahead that failed is made again, for this tenant.
      const result = ahead ? ahead.catch(() => Seeder.prepare!(tenant)) : Seeder.prepare(tenant)
      // Awaited when the seeder runs; a provisioning that fails earlier never awaits it.
      result.catch(() => {})
      prepared.set(file, result)
    }
    return prepared
  }

  /**
   * Starts, for the template's seeders that declare prepareAhead, the
   * prepare() result the next provisioning takes (one each, kept in this
   * process; those already made are kept). `tenant` names the template
   * only. Run off any provisioning's path.
   */
  async prepareAhead(tenant: Tenant) {
    await this.#loadTemplate(tenant)
    const template = tenant.template.name
    for (const { file, Seeder } of await this.load(template)) {
      if (!Seeder.prepare || !Seeder.prepareAhead || Seeder.perTemplate) continue
      const key = this.#pathOf(template, file)
      if (this.#ahead.has(key)) continue
      // For no tenant: the result goes to whichever party is provisioned next.
      const result = Seeder.prepare()
      result.catch(() => {})
      this.#ahead.set(key, result)
    }
    await Promise.allSettled(this.#ahead.values())
  }

  #pathOf(template: string, file: string) {
    return join(this.app.makePath(join(this.seedersRoot, template)), file)
  }

  /**
   * Runs only the template's per-template seeders in a database (a golden
   * one); returns their file names.
   */
  async seedTemplate(identity: TenantIdentity, templateName: string) {
    const all = await this.load(templateName)
    const seeders = all.filter(({ Seeder }) => Seeder.perTemplate)
    if (seeders.length === 0) return []
    return this.#run(identity, seeders)
  }

  /**
   * The per-template seeders with the SHA-256 of their file and of each of
   * their inputs: what a golden database's key covers.
   */
  async templateInputs(templateName: string) {
    const absolute = this.app.makePath(join(this.seedersRoot, templateName))
    const loaded = await this.load(templateName)
    const perTemplate = loaded.filter(({ Seeder }) => Seeder.perTemplate)
    // The files are read side by side; the checksums keep their order.
    return Promise.all(
      perTemplate.map(async ({ file, Seeder }) => {
        const paths = [join(absolute, file)]
        for (const input of Seeder.inputs ?? []) {
          const path = [input, `${input}.ts`, `${input}.js`]
            .map((candidate) => this.app.makePath(candidate))
            .find((candidate) => existsSync(candidate))
          if (!path) throw new Error(`Seeder ${file}: input ${input} not found`)
          if (statSync(path).isDirectory()) {
            const entries = readdirSync(path, { recursive: true, withFileTypes: true })
              .filter((entry) => entry.isFile())
              .map((entry) => join(entry.parentPath, entry.name))
              .sort()
            paths.push(...entries)
          } else {
            paths.push(path)
          }
        }
        return { file, checksums: await Promise.all(paths.map((path) => checksumOf(path))) }
      })
    )
  }

  /** A tenant's template never changes: one loaded already (provisioning's layers) is used. */
  async #loadTemplate(tenant: Tenant) {
    if (!tenant.$preloaded.template) await tenant.load('template')
  }

  /**
   * Runs the seeders in one transaction (one commit; none of their rows when
   * one fails): their client, tenancy.db() and tenant models all use it.
   */
  #run(target: TenantIdentity, seeders: SeederFile[], prepared?: PreparedSeeders) {
    return this.tenancy.run(target, () =>
      this.tenancy.transaction(async () => {
        const client = this.tenancy.db()
        for (const { file, Seeder } of seeders) {
          const seeder = new Seeder(client)
          if (Seeder.prepare && !Seeder.perTemplate) {
            seeder.prepared = await (prepared?.get(file) ?? Seeder.prepare(target))
          }
          await seeder.run()
        }
        return seeders.map(({ file }) => file)
      })
    )
  }
}
