/*
|--------------------------------------------------------------------------
| In-app part of the benchmarks
|--------------------------------------------------------------------------
|
| Started by benchmarks/run.ts with the bench's own landlord database and
| tenant prefix in the environment. Boots the application (console
| environment), runs one section and prints `BENCH_RESULT <json>` on stdout.
|
*/
import 'reflect-metadata'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import type Tenant from '#models/landlord/tenant'
import type { TenantProvisioner } from '#tenancy/tenant_provisioner'
import { app } from './bench_app.js'

const run = promisify(execFile)
const section = process.argv[2]
const iterations = Number(process.env.BENCH_ITERATIONS ?? 7)
const fleetSize = Number(process.env.BENCH_FLEET_SIZE ?? 200)

async function services() {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const { default: emitter } = await import('@adonisjs/core/services/emitter')
  const { default: provisioner } = await import('#tenancy/services/provisioner')
  const { default: tenancy } = await import('#tenancy/services/tenancy')
  const { TenantProvisioner } = await import('#tenancy/tenant_provisioner')
  const { default: Tenant } = await import('#models/landlord/tenant')
  const { default: TenantTemplate } = await import('#models/landlord/tenant_template')
  const { default: TemplateModule } = await import('#models/landlord/template_module')
  return {
    db,
    emitter,
    provisioner,
    tenancy,
    TenantProvisioner,
    Tenant,
    TenantTemplate,
    TemplateModule,
  }
}

let sequence = 0
async function newTenant(
  s: Awaited<ReturnType<typeof services>>,
  template: { id: number },
  moduleIds: number[]
) {
  const slug = `b${process.pid}-${++sequence}`
  const tenant = await s.Tenant.create({
    slug,
    name: `Bench ${slug}`,
    templateId: template.id,
    status: 'pending',
  })
  if (moduleIds.length) await tenant.related('modules').attach(moduleIds)
  return tenant
}

async function timed(fn: () => Promise<unknown>) {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

/**
 * Provisioning of political_party_nepal + election_campaign by migrations and
 * by clone, and PostgreSQL's floors for the same schema and data.
 */
/**
 * Time from one progress report of a provisioning to the next, per stage
 * ("lock" until the first report). A clone's recorded golden layers count
 * as "custom": what runs after them until the seeders is the custom layer.
 */
function stageClock() {
  const spent: Record<string, number> = {}
  let stage = 'lock'
  let last = 0
  const lap = () => {
    const now = performance.now()
    spent[stage] = (spent[stage] ?? 0) + now - last
    last = now
  }
  return {
    spent,
    start: () => (last = performance.now()),
    progress: (progress: { stage: string; layer?: string }) => {
      lap()
      stage = progress.layer === 'golden' ? 'custom' : progress.stage
    },
    stop: lap,
  }
}

/** One provisioning: its wall time, its time per stage and how it was done. */
async function provisionTimed(provisioner: TenantProvisioner, tenant: Tenant) {
  const clock = stageClock()
  let outcome: { method: string; spare?: string; fallbackReason?: string } | undefined
  const ms = await timed(async () => {
    clock.start()
    outcome = await provisioner.provision(tenant, { onProgress: clock.progress })
    clock.stop()
  })
  return { ms, spent: clock.spent, ...outcome! }
}

async function provisioningBench() {
  const s = await services()
  const template = await s.TenantTemplate.findByOrFail('name', 'political_party_nepal')
  const module = await s.TemplateModule.findByOrFail('name', 'election_campaign')
  const options = s.provisioner.options
  const migrating = new s.TenantProvisioner(s.db, app, s.emitter, s.tenancy, {
    ...options,
    goldenTemplates: false,
  })
  // Copies at provisioning: it never takes a spare (those are fromSpare's).
  const cloning = new s.TenantProvisioner(s.db, app, s.emitter, s.tenancy, {
    ...options,
    goldenTemplates: true,
    goldenSpares: 0,
  })
  // Takes a spare made after the provisioning before it (refillSpares, timed on its own).
  const fromSpare = new s.TenantProvisioner(s.db, app, s.emitter, s.tenancy, {
    ...options,
    goldenTemplates: true,
    goldenSpares: 1,
  })

  // Warm-up (module imports, catalog caches) and the golden build, not measured.
  const warm = await newTenant(s, template, [module.id])
  await migrating.provision(warm)
  const builtStarted = performance.now()
  const first = await cloning.provision(await newTenant(s, template, [module.id]))
  const goldenBuildMs = performance.now() - builtStarted
  if (first.method !== 'clone') throw new Error(`no clone: ${first.fallbackReason}`)
  await migrating.prepareNext(warm)
  // Keeps no spares: drops any (prepareNext with TENANT_GOLDEN_SPARES=0), so it runs before fromSpare's.
  await cloning.prepareNext(first.tenant)
  await fromSpare.prepareNext(first.tenant)
  const warmSpare = await fromSpare.provision(await newTenant(s, template, [module.id]))
  if (!warmSpare.spare) throw new Error(`no spare taken: ${warmSpare.fallbackReason}`)

  // Floors: the provisioned schema and seed data replayed by psql into a new database,
  // and CREATE DATABASE … TEMPLATE of a ready copy. Measured in the same loop as the
  // engine, so a busy moment of the machine hits both.
  await warm.refresh()
  const server = s.tenancy.connections.options.defaultServer
  const env = { ...process.env, PGPASSWORD: server.password ?? '' }
  const base = ['-h', server.host, '-p', String(server.port), '-U', server.user]
  const folder = await mkdtemp(join(tmpdir(), 'sangathan-bench-'))
  const dump = join(folder, 'tenant.sql')
  const psql = (database: string) =>
    run('psql', [...base, '-q', '-v', 'ON_ERROR_STOP=1', '-f', dump, database], { env })
  const admin = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: 'postgres',
  })
  const prefix = options.databasePrefix
  const ready = `${prefix}_floor_ready`

  const byMigrations: number[] = []
  const byClone: number[] = []
  const bySpare: number[] = []
  const refills: number[] = []
  const psqlFloor: number[] = []
  const templateFloor: number[] = []
  // Time from one progress report to the next, per stage, for each run.
  const cloneStages: Array<Record<string, number>> = []
  const spareStages: Array<Record<string, number>> = []
  const migrationStages: Array<Record<string, number>> = []
  // An embedded PostgreSQL comes without psql and pg_dump: no replay floor then.
  const hasClientTools = await Promise.all(
    ['psql', 'pg_dump'].map((tool) =>
      run(tool, ['--version']).then(
        () => true,
        () => false
      )
    )
  ).then((found) => found.every(Boolean))
  try {
    await admin.connect()
    if (hasClientTools) {
      await run('pg_dump', [...base, '--no-owner', '--no-acl', '-f', dump, warm.dbName!], { env })
      await admin.query(`create database ${ready}`)
      await psql(ready)
    } else {
      await s.tenancy.connections.closeTenant(warm.id)
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`,
        [warm.dbName]
      )
      await admin.query(`create database ${ready} template ${warm.dbName}`)
    }

    for (let index = 0; index < iterations; index++) {
      const byMigration = await provisionTimed(migrating, await newTenant(s, template, [module.id]))
      if (byMigration.method !== 'migrations')
        throw new Error('a clone where migrations were asked')
      // What the queue worker does after each provisioning (seeder results made ahead).
      await migrating.prepareNext(warm)
      byMigrations.push(byMigration.ms)
      migrationStages.push(byMigration.spent)

      const cloned = await provisionTimed(cloning, await newTenant(s, template, [module.id]))
      if (cloned.method !== 'clone') throw new Error(`no clone: ${cloned.fallbackReason}`)
      await cloning.prepareNext(first.tenant)
      byClone.push(cloned.ms)
      cloneStages.push(cloned.spent)

      // The spare, as the worker makes it after a provisioning (not in the wait below).
      refills.push(
        await timed(async () => {
          const refill = await fromSpare.prepareNext(first.tenant)
          if (refill?.made.length !== 1) throw new Error('the refill made no spare')
        })
      )
      const spared = await provisionTimed(fromSpare, await newTenant(s, template, [module.id]))
      if (!spared.spare) throw new Error(`no spare taken: ${spared.fallbackReason}`)
      bySpare.push(spared.ms)
      spareStages.push(spared.spent)

      const replay = `${prefix}_floor_psql_${index}`
      if (hasClientTools) {
        psqlFloor.push(
          await timed(async () => {
            await admin.query(`create database ${replay}`)
            await psql(replay)
          })
        )
      }
      const copy = `${prefix}_floor_copy_${index}`
      templateFloor.push(
        await timed(() => admin.query(`create database ${copy} template ${ready}`))
      )
    }
  } finally {
    await admin.end()
    await rm(folder, { recursive: true, force: true })
  }
  return {
    iterations,
    goldenBuildMs,
    byMigrations,
    byClone,
    cloneStages,
    bySpare,
    spareStages,
    refills,
    migrationStages,
    psqlFloor,
    templateFloor,
  }
}

/**
 * A fleet of cheap tenants (a template with only the basic layer), made by
 * golden clones, for the fleet migration runs.
 */
async function fleetSetup(size: number) {
  const s = await services()
  const template = await s.TenantTemplate.create({
    name: process.env.BENCH_FLEET_TEMPLATE!,
    displayName: 'Benchmark template',
    isActive: true,
    config: {},
  })
  const cloning = new s.TenantProvisioner(s.db, app, s.emitter, s.tenancy, {
    ...s.provisioner.options,
    goldenTemplates: true,
  })
  const started = performance.now()
  let next = 0
  let clones = 0
  const worker = async () => {
    while (next < size) {
      next++
      const result = await cloning.provision(await newTenant(s, template, []))
      if (result.method === 'clone') clones++
    }
  }
  await Promise.all([worker(), worker()])
  return { size, clones, setupMs: performance.now() - started }
}

await app.init()
await app.boot()
await app.start(async () => {
  try {
    const result =
      section === 'provisioning' ? await provisioningBench() : await fleetSetup(fleetSize)
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`)
  } finally {
    await app.terminate()
  }
})
