/*
|--------------------------------------------------------------------------
| Benchmarks: npm run bench [-- provisioning|fleet|cli|members|http]
|--------------------------------------------------------------------------
|
| Works against the configured PostgreSQL (DATABASE_URL, from the
| environment or .env) with databases of its own: landlord `<db>_bench`,
| tenants `<db>_bench_t_*`, roles of the same prefix. Everything it creates
| is dropped at the end (and at the start, if an earlier run was killed).
| Prints one table and writes docs/performance.md.
|
*/
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os, { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { ensurePostgres } from '#bootstrap/services'
import { freePort, startPostgresCluster } from '#bootstrap/postgres_cluster'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const SECTIONS = ['provisioning', 'fleet', 'cli', 'members', 'http'] as const
type Section = (typeof SECTIONS)[number]

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
for (const name of requested) {
  if (!SECTIONS.includes(name as Section)) {
    console.error(`Unknown section "${name}": ${SECTIONS.join(', ')}`)
    process.exit(1)
  }
}
const sections = (requested.length ? requested : SECTIONS) as Section[]

const settingUrl =
  process.env.DATABASE_URL ?? dotenv('.env', 'DATABASE_URL') ?? dotenv('.env.test', 'DATABASE_URL')
if (!settingUrl?.startsWith('postgres')) {
  console.error('DATABASE_URL is not set (environment, .env or .env.test)')
  process.exit(1)
}
process.env.DATABASE_URL = settingUrl
// As dev and test do: the configured server when it answers, else an embedded one.
const postgres = await ensurePostgres(new URL('../', import.meta.url), (message) =>
  process.stderr.write(`bench: ${message}\n`)
)
const databaseUrl = process.env.DATABASE_URL
const configured = new URL(databaseUrl)
const landlordName = `${configured.pathname.slice(1)}_bench`.replaceAll('-', '_')
const prefix = `${landlordName}_t_`
const landlordUrl = new URL(configured)
landlordUrl.pathname = `/${landlordName}`
let server = {
  host: configured.hostname,
  port: Number(configured.port || 5432),
  user: decodeURIComponent(configured.username || 'postgres'),
  password: configured.password ? decodeURIComponent(configured.password) : undefined,
}
const fleetTemplate = `bench_fleet_${process.pid}`
const benchEnv: NodeJS.ProcessEnv = {
  ...process.env,
  // A fresh clone has no .env: the committed .env.test gives the app its other settings.
  NODE_ENV: existsSync(join(ROOT, '.env')) ? 'development' : 'test',
  DATABASE_URL: landlordUrl.href,
  TENANT_DB_PREFIX: prefix,
  // Jobs run in-process; nothing of the bench reaches a shared Redis.
  REDIS_URL: '',
  SESSION_DRIVER: 'memory',
  LOG_LEVEL: 'error',
  BENCH_FLEET_TEMPLATE: fleetTemplate,
}

/**
 * Points the bench (its own clients, the app processes it starts, the
 * landlord URL) at another PostgreSQL server on this machine.
 */
function useServer(host: string, port: number) {
  server = { ...server, host, port }
  landlordUrl.hostname = host
  landlordUrl.port = String(port)
  benchEnv.DATABASE_URL = landlordUrl.href
}

/** Creates the bench landlord on the current server, with its migrations and seed data. */
async function prepareLandlord() {
  await withClient('postgres', (client) => client.query(`create database ${landlordName}`))
  await ace(['migration:run', '--force'], { quiet: true })
  await ace(['db:seed'], { quiet: true })
}

interface Row {
  what: string
  result: string
  floor?: string
  ratio?: string
  target?: string
}
const rows: Row[] = []

function dotenv(fileName: string, name: string) {
  const file = join(ROOT, fileName)
  if (!existsSync(file)) return undefined
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}=`))
  return line?.slice(name.length + 1).trim()
}

async function withClient<R>(database: string, fn: (client: pg.Client) => Promise<R>) {
  const client = new pg.Client({ ...server, database })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * Drops the bench landlord and every database and role under the bench prefix.
 */
async function cleanup() {
  await withClient('postgres', async (client) => {
    const like = `${prefix.replaceAll('_', '\\_')}%`
    const databases = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [like, landlordName]
    )
    for (const { datname } of databases.rows) {
      const name = client.escapeIdentifier(datname)
      await client.query(`alter database ${name} with is_template false`)
      await client.query(`drop database if exists ${name} with (force)`)
    }
    const roles = await client.query<{ rolname: string }>(
      `select rolname from pg_roles where rolname like $1`,
      [like]
    )
    for (const { rolname } of roles.rows) {
      await client.query(`drop role if exists ${client.escapeIdentifier(rolname)}`)
    }
  })
  await rm(join(ROOT, 'database/migrations/tenant/templates', fleetTemplate), {
    recursive: true,
    force: true,
  })
}

/**
 * Runs a process with the bench environment; resolves with its output and wall time.
 */
function spawnTimed(
  args: string[],
  options: { quiet?: boolean; cwd?: string; env?: NodeJS.ProcessEnv } = {}
) {
  return new Promise<{ code: number; stdout: string; stderr: string; ms: number }>(
    (resolve, reject) => {
      const started = performance.now()
      const child = spawn(process.execPath, args, {
        cwd: options.cwd ?? ROOT,
        env: options.env ?? benchEnv,
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk) => (stdout += chunk))
      child.stderr.on('data', (chunk) => {
        stderr += chunk
        if (!options.quiet) process.stderr.write(chunk)
      })
      child.on('error', reject)
      child.on('close', (code) =>
        resolve({ code: code ?? 1, stdout, stderr, ms: performance.now() - started })
      )
    }
  )
}

async function ace(args: string[], options: { quiet?: boolean } = {}) {
  const result = await spawnTimed(['ace.js', ...args], options)
  if (result.code !== 0 && !options.quiet) {
    throw new Error(`ace ${args.join(' ')} exited ${result.code}\n${result.stdout}`)
  }
  return result
}

async function appBench(section: string, extra: NodeJS.ProcessEnv = {}) {
  Object.assign(benchEnv, extra)
  const result = await spawnTimed([
    '--import=@poppinss/ts-exec',
    'benchmarks/app_bench.ts',
    section,
  ])
  const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '))
  if (result.code !== 0 || !line) {
    throw new Error(`benchmark ${section} failed (${result.code})\n${result.stdout}`)
  }
  return JSON.parse(line.slice('BENCH_RESULT '.length))
}

/**
 * Counts client backends (all of the server's, and those on the parties'
 * databases) every 50 ms while fn runs. Autovacuum workers, which also show
 * a database, are not the app's.
 */
async function sampleBackends<R>(fn: () => Promise<R>) {
  const client = new pg.Client({ ...server, database: 'postgres' })
  await client.connect()
  let peak = 0
  let peakTenant = 0
  let running = true
  const sampler = (async () => {
    while (running) {
      const result = await client.query<{ all: string; tenant: string }>(
        `select count(*) filter (where backend_type = 'client backend') as all,
                count(*) filter (where backend_type = 'client backend' and datname like $1) as tenant
           from pg_stat_activity`,
        [`${prefix.replaceAll('_', '\\_')}%`]
      )
      // The sampler's own connection is not the app's.
      peak = Math.max(peak, Number(result.rows[0].all) - 1)
      peakTenant = Math.max(peakTenant, Number(result.rows[0].tenant))
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })()
  try {
    const value = await fn()
    return { value, peak, peakTenant }
  } finally {
    running = false
    await sampler
    await client.end()
  }
}

/**
 * Waits (up to a minute) until no autovacuum worker has run for a second:
 * 500 databases just filled keep autovacuum busy for a while, and a shape
 * measured meanwhile shares the CPU with it. A server that has been serving
 * these parties would be past that.
 */
async function settle() {
  await withClient('postgres', async (client) => {
    const deadline = Date.now() + 60_000
    let quietSince = Date.now()
    while (Date.now() < deadline) {
      const result = await client.query<{ workers: string }>(
        `select count(*) as workers from pg_stat_activity where backend_type = 'autovacuum worker'`
      )
      if (Number(result.rows[0].workers) > 0) quietSince = Date.now()
      else if (Date.now() - quietSince >= 1000) return
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  })
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}
const ms = (value: number) =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`
const ratio = (value: number, floor: number) => `${(value / floor).toFixed(2)}×`

/** Each stage's p50 over the runs, in the order the first run reported them. */
function stagesP50(runs: Array<Record<string, number>>) {
  return Object.keys(runs[0] ?? {})
    .map(
      (stage) =>
        `${stage} ${ms(
          quantile(
            runs.map((spent) => spent[stage] ?? 0),
            0.5
          )
        )}`
    )
    .join(', ')
}

async function provisioning() {
  const result = await appBench('provisioning')
  const p = (values: number[]) => ({ p50: quantile(values, 0.5), p95: quantile(values, 0.95) })
  const migrations = p(result.byMigrations)
  const clone = p(result.byClone)
  const spare = p(result.bySpare)
  const refill = p(result.refills)
  const psql = p(result.psqlFloor)
  const template = p(result.templateFloor)
  rows.push(
    {
      what: `provision template + election_campaign by migrations (n=${result.iterations})`,
      result: `p50 ${ms(migrations.p50)}, p95 ${ms(migrations.p95)}`,
      floor: result.psqlFloor.length
        ? `psql replay p50 ${ms(psql.p50)}, p95 ${ms(psql.p95)}`
        : 'psql replay: n/a (psql and pg_dump not installed)',
      ratio: result.psqlFloor.length ? ratio(migrations.p50, psql.p50) : '',
      target: '≤ 1.5×',
    },
    {
      what: `provision template + election_campaign by golden clone (n=${result.iterations})`,
      result: `p50 ${ms(clone.p50)}, p95 ${ms(clone.p95)}`,
      floor: `CREATE DATABASE … TEMPLATE p50 ${ms(template.p50)}, p95 ${ms(template.p95)}`,
      ratio: ratio(clone.p50, template.p50),
      target: '≤ 2×',
    },
    {
      what: `provision template + election_campaign by golden clone, a spare copy ready (n=${result.iterations})`,
      result: `p50 ${ms(spare.p50)}, p95 ${ms(spare.p95)}`,
      floor: `CREATE DATABASE … TEMPLATE p50 ${ms(template.p50)}, p95 ${ms(template.p95)}`,
      ratio: ratio(spare.p50, template.p50),
      target: '≤ 2×',
    },
    {
      what: 'migration path by stage, p50 (create_database: role and empty database)',
      result: stagesP50(result.migrationStages),
    },
    {
      what: 'clone path by stage, p50 (create_database: role, copy, reassign, history rows)',
      result: stagesP50(result.cloneStages),
    },
    {
      what: 'spare path by stage, p50 (create_database: take the spare, history rows)',
      result: stagesP50(result.spareStages),
    },
    {
      what: "making the next spare after a provisioning (refill: copy, reassign; off the party's wait)",
      result: `p50 ${ms(refill.p50)}, p95 ${ms(refill.p95)}`,
    },
    {
      what: 'golden database build (once per template, modules and checksums)',
      result: ms(result.goldenBuildMs),
    }
  )
}

async function fleet() {
  const size = Number(process.env.BENCH_FLEET_SIZE ?? 200)
  const setup = await appBench('fleet', { BENCH_FLEET_SIZE: String(size) })
  const folder = join(ROOT, 'database/migrations/tenant/templates', fleetTemplate)
  await mkdir(folder, { recursive: true })
  try {
    await writeFile(
      join(folder, '0001_create_bench_notes_table.ts'),
      `import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('bench_notes', (table) => {
      table.increments('id')
      table.text('body').notNullable()
    })
  }

  async down() {
    this.schema.dropTable('bench_notes')
  }
}
`
    )
    const migrated = await sampleBackends(() => ace(['tenant:migrate', '--json'], { quiet: true }))
    const document = JSON.parse(migrated.value.stdout)
    const applied = document.tenants.filter((row: { applied: number }) => row.applied === 1).length
    if (migrated.value.code !== 0 || applied !== size) {
      throw new Error(`fleet migration: ${applied} of ${size} migrated\n${migrated.value.stderr}`)
    }
    const noop = await sampleBackends(() => ace(['tenant:migrate', '--json'], { quiet: true }))
    if (noop.value.code !== 0) throw new Error(`no-op run failed\n${noop.value.stderr}`)
    rows.push(
      {
        what: `fleet of ${size} tenants made by golden clones (setup)`,
        result: `${ms(setup.setupMs)} (${setup.clones} clones)`,
      },
      {
        what: `tenant:migrate, one new migration, ${size} tenants (concurrency ${document.concurrency})`,
        result: `${ms(migrated.value.ms)} wall; backends peak ${migrated.peak} (tenant dbs ${migrated.peakTenant})`,
        target: '≤ 30 s',
      },
      {
        what: `tenant:migrate, no-op, ${size} tenants`,
        result: `${ms(noop.value.ms)} wall; backends peak ${noop.peak} (tenant dbs ${noop.peakTenant})`,
        target: '≤ 3 s',
      }
    )
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

async function cli() {
  const timed = async (cwd: string) => {
    // One run first: it fills Node's compile cache (bin/console.ts), as any earlier command would.
    await spawnTimed(['ace.js', 'tenant:list', '--json'], { quiet: true, cwd })
    const times: number[] = []
    for (let index = 0; index < 5; index++) {
      const listed = await spawnTimed(['ace.js', 'tenant:list', '--json'], { quiet: true, cwd })
      if (listed.code !== 0) throw new Error(`tenant:list exited ${listed.code}\n${listed.stderr}`)
      times.push(listed.ms)
    }
    return times
  }
  const source = await timed(ROOT)
  rows.push({
    what: '`node ace tenant:list` start-up, from the source tree (n=5)',
    result: `p50 ${ms(quantile(source, 0.5))}`,
  })
  const built = await spawnTimed(['ace.js', 'build'], { quiet: true })
  if (built.code !== 0) throw new Error(`node ace build exited ${built.code}\n${built.stdout}`)
  const build = join(ROOT, 'build')
  // The build has no .env: the one the source tree uses goes beside it.
  for (const file of ['.env', '.env.test']) {
    if (existsSync(join(ROOT, file)))
      await writeFile(join(build, file), readFileSync(join(ROOT, file)))
  }
  const fromBuild = await timed(build)
  rows.push({
    what: '`node build/ace.js tenant:list` start-up, from the build (n=5)',
    result: `p50 ${ms(quantile(fromBuild, 0.5))}, p95 ${ms(quantile(fromBuild, 0.95))}`,
    target: '≤ 0.8 s',
  })
}

/**
 * One party at BENCH_MEMBERS members (default 1,000,000), benchmarks/members_bench.ts.
 */
async function members() {
  const result = await spawnTimed(['--import=@poppinss/ts-exec', 'benchmarks/members_bench.ts'])
  const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '))
  if (result.code !== 0 || !line) {
    throw new Error(`benchmark members failed (${result.code})\n${result.stdout}`)
  }
  const r = JSON.parse(line.slice('BENCH_RESULT '.length))
  const count = r.members.toLocaleString('en')
  const p = (figures: { p50: number; p95: number }) =>
    `p50 ${ms(figures.p50)}, p95 ${ms(figures.p95)}`
  rows.push(
    {
      what: `register of ${count} members loaded (SQL, all 753 local levels)`,
      result: ms(r.loadMs),
    },
    {
      what: `first fold of the member counts after the load (template 0058, once)`,
      result: ms(r.foldMs),
    },
    {
      what: `members search at ${count}: name prefix (Latin)`,
      result: p(r.search.latin),
      target: 'p95 ≤ 100 ms',
    },
    {
      what: `members search at ${count}: name prefix (Devanagari)`,
      result: p(r.search.devanagari),
      target: 'p95 ≤ 100 ms',
    },
    {
      what: `members search at ${count}: citizenship number`,
      result: p(r.search.citizenship),
      target: 'p95 ≤ 100 ms',
    },
    {
      what: `members search at ${count}: phone`,
      result: p(r.search.phone),
      target: 'p95 ≤ 100 ms',
    },
    {
      what: `members list at ${count}: first page by name`,
      result: p(r.firstPage),
      target: '≤ 150 ms',
    },
    {
      what: `members list at ${count}: last page by name (keyset)`,
      result: p(r.lastPage),
      target: '≤ 150 ms',
    },
    {
      what: `members list at ${count}: province / district / local level filter`,
      result: p(r.filtered),
      target: '≤ 150 ms',
    },
    {
      what: `dashboard member figures at ${count} (totals, per province, per month)`,
      result: p(r.dashboard),
      target: '≤ 300 ms',
    },
    {
      what: `CSV export of all ${count} members (${r.export.megabytes.toFixed(0)} MB, ${r.export.readBack.toLocaleString('en')} rows read back)`,
      result: `${ms(r.export.ms)}, peak RSS ${r.export.peakMb.toFixed(0)} MB (+${r.export.growthMb.toFixed(0)} MB)`,
      target: '≤ 60 s, memory flat',
    },
    {
      what: `CSV import of ${r.import.rows.toLocaleString('en')} members (checked, then one transaction)`,
      result: `${ms(r.import.ms)} (${r.import.imported?.toLocaleString('en')} imported), peak RSS ${r.import.peakMb.toFixed(0)} MB (+${r.import.growthMb.toFixed(0)} MB)`,
      target: '≤ 60 s, memory flat',
    }
  )
}

/** The `BENCH_RESULT <json>` line a bench script printed. */
function benchResult(name: string, result: { code: number; stdout: string; stderr: string }) {
  const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '))
  if (result.code !== 0 || !line) {
    throw new Error(
      `${name} failed (${result.code})\n${result.stdout}\n${result.stderr.slice(-3000)}`
    )
  }
  return JSON.parse(line.slice('BENCH_RESULT '.length))
}

/** Resolves when anything answers HTTP on the port (the server is up), rejects after a minute. */
async function waitForServer(port: number, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited ${child.exitCode}\n${log()}`)
    try {
      await fetch(`http://127.0.0.1:${port}/health`)
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  throw new Error(`the server did not answer on port ${port}\n${log()}`)
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** max_connections of the current server. */
const maxConnections = () =>
  withClient('postgres', async (client) => {
    const result = await client.query<{ max: string }>(
      `select current_setting('max_connections') as max`
    )
    return Number(result.rows[0].max)
  })

/**
 * Connections the HTTP section needs besides the parties' own: the app
 * server's landlord pool (10) and maintenance connections (3), the setup
 * process, the samplers, and PostgreSQL's reserved superuser slots (3).
 */
const HTTP_OTHER_CONNECTIONS = 30

/**
 * The server for the HTTP section: the configured one when it allows every
 * party a connection at once (size + requests in flight + the others),
 * else one of the bench's own on this machine (same PostgreSQL programs,
 * max_connections large enough), started here and stopped at the end.
 */
async function httpServer(allConnected: number) {
  const needed = allConnected + HTTP_OTHER_CONNECTIONS
  const configuredMax = await maxConnections()
  if (configuredMax >= needed) {
    return { own: undefined, about: `the configured server (max_connections ${configuredMax})` }
  }
  const started = await startPostgresCluster({
    user: server.user,
    password: server.password,
    settings: { max_connections: needed + 20 },
  })
  if ('unavailable' in started) {
    return {
      own: undefined,
      about: `the configured server (max_connections ${configuredMax}, below the ${needed} needed for every party at once; no server of the bench's own: ${started.unavailable})`,
      unavailable: `max_connections ${configuredMax} < ${needed} and no server of the bench's own could be started`,
    }
  }
  process.stderr.write(
    `bench: http on a server of its own (max_connections ${needed + 20}): ${started.how}\n`
  )
  useServer(started.host, started.port)
  await prepareLandlord()
  return {
    own: started,
    about: `a server of the bench's own on this machine, same PostgreSQL programs, default settings but max_connections ${needed + 20} (the configured server allows ${configuredMax}, fewer than the ${needed} needed for every party at once)`,
  }
}

/**
 * A party's members list over HTTP from the production build, four shapes
 * (hot set; churn with the budget below the parties in use; churn with
 * every party connected; tenancy bypassed), then PostgreSQL's
 * connect-per-request floor (pgbench -C) with the list's own SQL.
 */
async function httpSection() {
  const size = Number(process.env.BENCH_HTTP_TENANTS ?? 500)
  const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 10)
  const allConnected = size + connections
  const configuredServer = { ...server }
  const { own, about, unavailable } = await httpServer(allConnected)
  try {
    await httpShapes(size, connections, about, unavailable)
  } finally {
    if (own) {
      useServer(configuredServer.host, configuredServer.port)
      await own.stop()
    }
  }
}

async function httpShapes(size: number, connections: number, about: string, unavailable?: string) {
  const registerSize = Number(process.env.BENCH_HTTP_MEMBERS ?? 1_000)
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10)
  const warmup = Number(process.env.BENCH_HTTP_WARMUP ?? 3)
  const hotSize = Math.min(40, size)
  // TENANT_DB_MAX_CONNECTIONS sized as docs/operations.md says: the parties active at once (the
  // hot set) plus the requests in flight; BENCH_HTTP_BUDGET=30 measures the shipped default.
  const budget = Number(process.env.BENCH_HTTP_BUDGET ?? hotSize + connections)
  // The same rule when every party is in use: each keeps its connection.
  const allConnected = size + connections
  const sessionDriver = process.env.BENCH_HTTP_SESSION_DRIVER ?? 'database'
  const rootDomain = 'bench.test'
  const consoleHost = `admin.${rootDomain}`
  const appKey = process.env.APP_KEY ?? dotenv('.env', 'APP_KEY') ?? dotenv('.env.test', 'APP_KEY')

  const setupStarted = performance.now()
  const setup = benchResult(
    'http setup',
    await spawnTimed(['--import=@poppinss/ts-exec', 'benchmarks/http_bench.ts'], {
      env: {
        ...benchEnv,
        APP_KEY: appKey,
        TENANT_ROOT_DOMAIN: rootDomain,
        BENCH_HTTP_TENANTS: String(size),
        BENCH_HTTP_MEMBERS: String(registerSize),
      },
    })
  )
  const parties = (
    setup.tenants as { slug: string; dbName: string; email: string; password: string }[]
  ).map((party) => ({ ...party, host: `${party.slug}.${rootDomain}` }))

  const built = await spawnTimed(['ace.js', 'build'], { quiet: true })
  if (built.code !== 0) throw new Error(`node ace build exited ${built.code}\n${built.stdout}`)

  const port = await freePort()
  const serverEnv = (tenantBudget: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_KEY: appKey,
    APP_URL: `http://${consoleHost}:${port}`,
    LOG_LEVEL: 'warn',
    SESSION_DRIVER: sessionDriver,
    REDIS_URL: '',
    DATABASE_URL: landlordUrl.href,
    TENANT_ROOT_DOMAIN: rootDomain,
    ADMIN_DOMAIN: consoleHost,
    TENANT_DB_PREFIX: prefix,
    TENANT_DB_MAX_CONNECTIONS: String(tenantBudget),
    TENANT_DB_ADMIN_CONNECTIONS: '3',
    APP_PROCESS_COUNT: '1',
    // The sign-ins come "through a proxy", each party from an address of its own.
    TRUSTED_PROXIES: '127.0.0.1',
    BENCH_BYPASS_DATABASE: parties[0].dbName,
  })
  // BENCH_HTTP_PROFILE=<folder>: the server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_HTTP_PROFILE
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
  let appServer: ChildProcess | undefined
  let serverLog = ''
  const startAppServer = async (tenantBudget: number) => {
    serverLog = ''
    const child = spawn(process.execPath, [...nodeArgs, 'bin/server.js'], {
      cwd: join(ROOT, 'build'),
      env: serverEnv(tenantBudget),
    })
    appServer = child
    child.stdout.on('data', (chunk) => (serverLog += chunk))
    child.stderr.on('data', (chunk) => (serverLog += chunk))
    await waitForServer(port, child, () => serverLog)
    return child
  }
  const folder = await mkdtemp(join(tmpdir(), 'sangathan-http-bench-'))
  const client = async (name: string, plan: object) => {
    const file = join(folder, `${name}.json`)
    const stats = { server, like: `${prefix.replaceAll('_', '\\_')}%` }
    await writeFile(
      file,
      JSON.stringify({
        port,
        seconds,
        warmup,
        connections,
        stats,
        serverPid: appServer?.pid,
        ...plan,
      })
    )
    return benchResult(
      `http client (${name})`,
      await spawnTimed(['--import=@poppinss/ts-exec', 'benchmarks/http_client.ts', file])
    )
  }

  let hot
  let churn
  let bypassed
  let warm
  try {
    await startAppServer(budget)
    const login = await client('login', { mode: 'login', parties })
    const signedIn: { host: string; cookie: string }[] = login.parties
    const setupMs = performance.now() - setupStarted
    rows.push(
      { what: 'http: PostgreSQL server of this section', result: about },
      {
        what: `http: ${size} parties × ${registerSize.toLocaleString('en')} members (golden clones + SQL), build, sign-ins over HTTP`,
        result: `${ms(setupMs)} (${setup.clones} clones; parties ${ms(setup.setupMs)})`,
      }
    )
    const page = (party: { host: string; cookie: string }) => ({ ...party, path: '/members' })
    await settle()
    hot = await sampleBackends(() =>
      client('hot', { mode: 'load', targets: signedIn.slice(0, hotSize).map(page) })
    )
    await settle()
    churn = await sampleBackends(() =>
      client('churn', { mode: 'load', targets: signedIn.map(page) })
    )
    // The same language as the staff's pages (the first admin's locale cookie).
    const locale = /(?:^|; )locale=[^;]*/.exec(signedIn[0].cookie)?.[0]
    await settle()
    bypassed = await sampleBackends(() =>
      client('bypassed', {
        mode: 'load',
        targets: [
          { host: consoleHost, path: '/__bench/members', cookie: locale?.replace(/^; /, '') },
        ],
      })
    )
    if (!unavailable) {
      // Churn again with the budget docs/operations.md gives when every party is in use:
      // each party's page is served once first, as by a server that has been serving them all.
      await stopServer(appServer!)
      await startAppServer(allConnected)
      await settle()
      warm = await sampleBackends(() =>
        client('churn-connected', { mode: 'load', visitAll: true, targets: signedIn.map(page) })
      )
    }
    process.stderr.write(
      `bench: http ${JSON.stringify({ hot: hot.value, churn: churn.value, bypassed: bypassed.value, warm: warm?.value })}\n`
    )
  } finally {
    if (appServer) await stopServer(appServer)
    await rm(folder, { recursive: true, force: true })
  }

  // PostgreSQL's floor: a new connection per transaction running the list's own SQL.
  const script = join(tmpdir(), `sangathan-http-bench-${process.pid}.sql`)
  await writeFile(
    script,
    (setup.sql as string[]).map((sql) => `${sql.replaceAll('\n', ' ')};`).join('\n') + '\n'
  )
  let pgbench: { tps: number; failed: number }
  try {
    const args = ['-C', '-n', '-T', String(seconds), '-c', String(connections), '-j', '2']
    args.push('-f', script, '-h', server.host, '-p', String(server.port), '-U', server.user)
    args.push(parties[0].dbName)
    const ran = await new Promise<{ code: number; out: string }>((resolve, reject) => {
      const child = spawn('pgbench', args, {
        env: { ...process.env, PGPASSWORD: server.password ?? '' },
      })
      let out = ''
      child.stdout.on('data', (chunk) => (out += chunk))
      child.stderr.on('data', (chunk) => (out += chunk))
      child.on('error', reject)
      child.on('close', (code) => resolve({ code: code ?? 1, out }))
    })
    const tps = /tps = ([\d.]+)/.exec(ran.out)
    if (ran.code !== 0 || !tps) throw new Error(`pgbench exited ${ran.code}\n${ran.out}`)
    const failed = Number(/number of failed transactions: (\d+)/.exec(ran.out)?.[1] ?? 0)
    pgbench = { tps: Number(tps[1]), failed }
  } finally {
    await rm(script, { force: true })
  }

  const figures = (r: { rps: number; p50: number; p99: number }) =>
    `${Math.round(r.rps)} req/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`
  const percent = (value: number, floor: number) => `${Math.round((100 * value) / floor)} %`
  const shape = `${connections} connections, ${seconds} s`
  // The shapes in the order of the table's combined rows; churn with every party connected
  // is missing when no server allowed it.
  const shapes = [hot, churn, ...(warm ? [warm] : []), bypassed]
  const shapeNames = `hot set / churn${warm ? ' / churn, all connected' : ''} / bypassed`
  rows.push(
    {
      what: `http: /members, hot set (${hotSize} of ${size} parties, signed in), budget ${budget}, ${shape}`,
      result: figures(hot.value),
      floor: `bypassed ${Math.round(bypassed.value.rps)} req/s`,
      ratio: percent(hot.value.rps, bypassed.value.rps),
      target: '≥ 70 %',
    },
    {
      what: `http: /members, churn (uniform over ${size} parties, signed in), budget ${budget}: fewer connections than parties in use`,
      result: figures(churn.value),
      floor: `pgbench -C ${Math.round(pgbench.tps)} tps`,
      ratio: percent(churn.value.rps, pgbench.tps),
    },
    warm
      ? {
          what: `http: /members, churn (uniform over ${size} parties, signed in), budget ${allConnected}: every party keeps its connection`,
          result: figures(warm.value),
          floor: `pgbench -C ${Math.round(pgbench.tps)} tps`,
          ratio: percent(warm.value.rps, pgbench.tps),
          target: '≥ 100 %',
        }
      : {
          what: `http: /members, churn with every party connected (budget ${allConnected})`,
          result: `not run: ${unavailable}`,
          target: '≥ 100 %',
        },
    {
      what: `http: the same page with tenancy bypassed (one party's database, no host, context or sign-in)`,
      result: figures(bypassed.value),
    },
    {
      what: `http: pgbench -C (a connection per transaction: the page's SELECT and its count), ${shape}`,
      result: `${Math.round(pgbench.tps)} tps, ${pgbench.failed} failed`,
    },
    {
      what: `http: tenant connections opened per request (${shapeNames})`,
      result: shapes
        .map(({ value }) => (value.opened / Math.max(1, value.requests)).toFixed(2))
        .join(' · '),
    },
    {
      what: `http: CPU per request, app server + PostgreSQL (${shapeNames})`,
      result: shapes
        .map(({ value }) =>
          value.cpuPerRequest
            ? `${value.cpuPerRequest.server.toFixed(1)} + ${value.cpuPerRequest.postgres.toFixed(1)} ms`
            : 'n/a'
        )
        .join(' · '),
    },
    {
      what: `http: errors, timeouts and non-2xx responses (${shapeNames})`,
      result: shapes
        .map(({ value }) => `${value.errors}/${value.timeouts}/${value.non2xx}`)
        .join(' · '),
      target: '0',
    },
    {
      what: `http: PostgreSQL backends on the parties' databases, peak (hot set / churn${warm ? ' / churn, all connected' : ''})`,
      result: `${[hot, churn, ...(warm ? [warm] : [])].map((run) => run.peakTenant).join(' / ')} (all client backends: ${[hot, churn, ...(warm ? [warm] : [])].map((run) => run.peak).join(' / ')})`,
      floor: `budget ${budget}${warm ? ` / ${budget} / ${allConnected}` : ''}`,
      target: '≤ budget',
    }
  )
}

function table() {
  const head: Row = {
    what: 'what',
    result: 'result',
    floor: 'floor (same run)',
    ratio: 'ratio',
    target: 'target',
  }
  const all = [head, ...rows]
  const keys = ['what', 'result', 'floor', 'ratio', 'target'] as const
  const widths = keys.map((key) => Math.max(...all.map((row) => (row[key] ?? '').length)))
  const line = (row: Row) =>
    `| ${keys.map((key, index) => (row[key] ?? '').padEnd(widths[index])).join(' | ')} |`
  return [
    line(head),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n')
}

async function machine() {
  const version = await withClient('postgres', async (client) => {
    const result = await client.query<{ version: string; max: string }>(
      `select current_setting('server_version') as version, current_setting('max_connections') as max`
    )
    return result.rows[0]
  })
  const cpu = os.cpus()
  return [
    `- date: ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    `- machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}`,
    `- load average at the end: ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
    `- Node.js ${process.version}, PostgreSQL ${version.version} (max_connections ${version.max}) at ${server.host}:${server.port}`,
  ].join('\n')
}

async function main() {
  await cleanup()
  try {
    await prepareLandlord()
    for (const section of sections) {
      process.stderr.write(`bench: ${section}…\n`)
      if (section === 'provisioning') await provisioning()
      if (section === 'fleet') await fleet()
      if (section === 'cli') await cli()
      if (section === 'members') await members()
      if (section === 'http') await httpSection()
    }
  } finally {
    // BENCH_KEEP=1 leaves the bench's databases for a look (the next run drops them first).
    if (!process.env.BENCH_KEEP) await cleanup()
    await postgres.stop()
  }
  const output = table()
  console.log(output)
  const about = await machine()
  console.log(`\n${about}`)
  if (sections.length === SECTIONS.length || process.argv.includes('--write')) {
    await writeFile(join(ROOT, 'docs/performance.md'), performanceDoc(output, about))
    console.log('\nwritten: docs/performance.md')
  }
}

function performanceDoc(output: string, about: string) {
  return `# Performance

Figures from \`npm run bench\` (\`benchmarks/run.ts\`), one run. Regenerate them with
\`npm run bench\`; \`npm run bench -- provisioning\` (or \`fleet\`, \`cli\`, \`members\`, \`http\`) runs one section and
prints it without rewriting this file (add \`--write\` to rewrite it).

${about}

${output}

## What is measured

- **Provisioning** (\`provisioning\`): \`political_party_nepal\` + \`election_campaign\` (and its
  dependency \`membership\`), from a pending tenant row to \`active\`: database and role, layers,
  seeders, snapshot, landlord history. *By migrations* runs every layer (golden templates off);
  *by golden clone* copies the golden database (already holding the per-template seed data,
  the geography), gives its objects to the tenant's role, runs the per-tenant seeders (donation
  limits, party profile, first admin with its scrypt password hash) and stores the snapshot (read
  from the catalog for the first clone of a golden in the process, reused after). *A spare copy
  ready* is the same clone path when a spare copy of the golden is ready (\`TENANT_GOLDEN_SPARES\`):
  it renames the spare and its role instead of copying and reassigning. After each provisioning
  the bench does what the queue worker does (\`prepareNext\`, not timed in the provisioning): the
  first admin's password hash made ahead and, for the spare run, the next spare (timed on its own
  row, made just before that run's provisioning); the copying run keeps no spares. Warm-up and
  the golden build are not in the percentiles.
- **Floors**, measured in the same run against the same server: *psql replay* is \`CREATE
  DATABASE\` plus \`psql -f\` of a \`pg_dump\` of a provisioned tenant (the same schema and seed
  data); *TEMPLATE* is \`CREATE DATABASE … TEMPLATE\` of a ready copy.
- **Fleet** (\`fleet\`): tenants of a template with only the basic layer, made by golden clones;
  then a new template migration is written and \`node ace tenant:migrate\` (a separate process,
  default concurrency) runs over all of them; then the same command again with nothing pending.
  Wall time includes the process start. *Backends peak* is the highest count of client backends
  in \`pg_stat_activity\` on the whole server, sampled every 50 ms (other workers on a shared
  machine count too); *tenant dbs* counts only backends connected to the bench's tenant databases.
- **CLI** (\`cli\`): wall time of \`node ace tenant:list --json\` from the source tree, then
  \`node ace build\` and the same from \`build/\` (each after one unmeasured run, which fills
  Node's compile cache as any earlier command would).
- **Members** (\`members\`): one \`political_party_nepal\` party with \`BENCH_MEMBERS\`
  (1,000,000) members, names in both scripts over all 753 local levels and their wards, loaded by
  SQL (then \`vacuum analyze\`, as autovacuum would), and the first fold of the member counts
  kept by triggers (template 0058). Timed inside the party's context, with the app's own
  functions: \`listMembers\` (searches, first, last and filtered pages, each with its total),
  \`memberDashboardFigures\`, \`exportMembersCsv\` into a file read back with csv-parse, and
  \`importMembersCsv\` of \`BENCH_IMPORT\` (100,000) new members; resident memory sampled every
  20 ms.
- **HTTP** (\`http\`): a party's members list (\`/members\`, first page: 25 rows, the count, the
  filters, the staff layout; the place options are a separate JSON the browser keeps) served by the production build (\`node ace build\`, then
  \`build/bin/server.js\` with \`NODE_ENV=production\`, sessions in the landlord database, a
  tenant connection budget of \`BENCH_HTTP_BUDGET\`, by default sized as \`docs/operations.md\` says:
  the hot set's 40 parties plus the 10 requests in flight, 50; the shipped default is 30) and loaded by
  autocannon from a process of its own (10 connections, 10 s after a 3 s warm-up of the same
  shape). Parties: \`BENCH_HTTP_TENANTS\` (500) \`political_party_nepal\` parties made by golden
  clones, each with \`BENCH_HTTP_MEMBERS\` (1,000) members loaded by SQL and its first admin
  signed in over HTTP (login form, CSRF token, a session cookie per party). **Not a million
  members each**: 500 databases of a million members do not fit this machine's disk; the list's
  cost at a million (keyset page, count) is the \`members\` section's figure. *Hot set*: each
  request goes to one of 40 parties picked at random (its host and cookie); *churn*: uniform over
  all parties, once with that budget (fewer connections than parties in use: every design then
  opens about one connection per request) and once, after the server is restarted with the budget
  the same rule gives when every party is in use (500 + 10), with each party's page served once
  first; *bypassed*: the same page, same query (\`listMembers\`), same template, on one
  party's database through a fixed Lucid pool, with no host resolution, tenant context or
  sign-in (\`/__bench/members\` on the console host, registered only when
  \`BENCH_BYPASS_DATABASE\` is set). Each party's members and count tables are vacuumed and
  analyzed after the load, and before each shape the bench waits (at most a minute) until no
  autovacuum worker has run for a second. Before each shape one response is checked to be a
  members table. The floor, *pgbench -C*, runs the list's own SQL (page and count) against one party's
  database with a new connection per transaction, same clients and duration. *Connections
  opened per request* comes from \`pg_stat_database.sessions\` over the parties' databases;
  *backends peak* counts client backends in \`pg_stat_activity\` (autovacuum workers left out) every 50 ms during the hot set and churn runs,
  warm-ups included. *CPU per request* is the CPU time (\`/proc\`, Linux) of the app server's
  process and of every PostgreSQL process, backends that ended included (as the postmaster's
  reaped children), over the measured run, divided by its requests; on a shared machine other
  work on the same server counts too.

The bench uses databases of its own on the configured server (landlord \`<db>_bench\`, tenants
and roles \`<db>_bench_t_*\`) and drops them at the end. The HTTP section needs a connection
for every party at once (plus ~30 for the landlord pool, maintenance and the samplers): when the
configured server's \`max_connections\` is lower (Debian's default is 100), it runs, floor
included, on a PostgreSQL server of its own that it starts on this machine (initdb with the same
programs, default settings but \`max_connections\`) and deletes at the end.

## Reading these figures

On a shared 2-core VM every figure is noisy (±30 % between runs is common); the ratios matter
more than the absolute times, since floor and engine are measured back to back in the same run.
What the figures mean, which targets are met and why, and earlier runs: \`docs/performance_notes.md\`
(written by hand; \`npm run bench\` rewrites only this file).
`
}

await main()
