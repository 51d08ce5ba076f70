/*
|--------------------------------------------------------------------------
| Environment variables schema
|--------------------------------------------------------------------------
|
| Kept apart from start/env.ts so tests can validate values against it
| without booting the app.
|
*/
import { Env } from '@adonisjs/core/env'
import { parseDatabaseUrl } from '#support/database_url'
import { assertTrustedProxies, parseTrustedProxies } from '#support/trusted_proxies'

function optionalDatabaseUrl(key: string, value?: string) {
  if (value === undefined || value === '') return undefined
  try {
    parseDatabaseUrl(value)
  } catch (error) {
    throw new Error(`Invalid value for "${key}": ${(error as Error).message}`)
  }
  return value
}

function optionalRedisUrl(key: string, value?: string) {
  if (value === undefined || value === '') return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`Invalid value for "${key}": "${value}" is not a URL`)
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`Invalid value for "${key}": must start with redis:// or rediss://`)
  }
  return value
}

function trustedProxies(key: string, value?: string) {
  try {
    assertTrustedProxies(parseTrustedProxies(value))
  } catch (error) {
    throw new Error(`Invalid value for "${key}": ${(error as Error).message}`)
  }
  return value ?? ''
}

function sessionDriver(key: string, value?: string) {
  if (value === undefined || value === '') return undefined
  if (value === 'cookie') {
    throw new Error(
      `Invalid value for "${key}": the cookie store cannot end a session at logout; ` +
        'use "redis" or "database", or leave it empty to pick one from REDIS_URL'
    )
  }
  if (!['redis', 'database', 'memory'].includes(value)) {
    throw new Error(`Invalid value for "${key}": must be one of redis, database, memory`)
  }
  return value as 'redis' | 'database' | 'memory'
}

function appKey(key: string, value?: string) {
  if (!value) {
    throw new Error(
      `Missing environment variable "${key}". Generate one with "npm run ace -- generate:key" ` +
        'or copy .env.example to .env'
    )
  }
  if (value.length < 32) {
    throw new Error(`Invalid value for "${key}": must be at least 32 characters long`)
  }
  return value
}

/**
 * An optional whole number of at least `min` (connection budgets, process counts).
 */
function optionalCount(min: number, max?: number) {
  return (key: string, value?: string) => {
    if (value === undefined || value === '') return undefined
    const count = Number(value)
    if (!Number.isInteger(count) || count < min || (max !== undefined && count > max)) {
      throw new Error(
        max === undefined
          ? `Invalid value for "${key}": must be a whole number of at least ${min}`
          : `Invalid value for "${key}": must be a whole number from ${min} to ${max}`
      )
    }
    return count
  }
}

export const envSchema = {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: appKey,
  APP_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  LOG_LEVEL: Env.schema.string(),

  /*
  | Server-side sessions: Redis when REDIS_URL is set, else the landlord database.
  */
  SESSION_DRIVER: sessionDriver,

  /*
  | Proxies whose X-Forwarded-* headers count (IPs / CIDR ranges); empty: none.
  */
  TRUSTED_PROXIES: trustedProxies,

  /*
  | Landlord database: DATABASE_URL, or the DB_* variables.
  */
  DATABASE_URL: optionalDatabaseUrl,
  DB_HOST: Env.schema.string.optional({ format: 'host' }),
  DB_PORT: Env.schema.number.optional(),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string.optional(),

  /*
  | Redis for the job queue. Without it, jobs run in-process.
  */
  REDIS_URL: optionalRedisUrl,
  /** How long a worker's lock on a job lasts; a killed worker's job is retried after it. */
  QUEUE_LOCK_DURATION_MS: Env.schema.number.optional(),
  /** Tenant migrations each worker runs at once (each holds tenant connections). */
  TENANT_MIGRATION_CONCURRENCY: Env.schema.number.optional(),

  /*
  | Tenancy
  */
  TENANT_ROOT_DOMAIN: Env.schema.string(),
  ADMIN_DOMAIN: Env.schema.string.optional(),
  TENANT_DB_PREFIX: Env.schema.string.optional(),
  /** Physical connections one process holds to tenant databases, all tenants together. */
  TENANT_DB_MAX_CONNECTIONS: optionalCount(1),
  /** Maintenance connections (migrations, locks, CREATE/DROP DATABASE) per process; at least 2. */
  TENANT_DB_ADMIN_CONNECTIONS: optionalCount(2),
  TENANT_IDLE_TIMEOUT_MS: Env.schema.number.optional(),
  /** Provision by cloning golden template databases (default true); false always migrates. */
  TENANT_GOLDEN_TEMPLATES: Env.schema.boolean.optional(),
  /**
   * Spare copies of each golden database kept ready for provisioning (default 2; 0 keeps
   * none). Each is a full copy on disk, made one after the other: at most 20.
   */
  TENANT_GOLDEN_SPARES: optionalCount(0, 20),
  /** Folder of pg_dump and pg_restore for tenant:move (default: found on PATH). */
  PG_BIN_DIR: Env.schema.string.optional(),
  /** Deprecated and ignored (a warning at start): replaced by TENANT_DB_MAX_CONNECTIONS. */
  TENANT_MAX_OPEN_CONNECTIONS: Env.schema.number.optional(),
  TENANT_DB_POOL_MAX: Env.schema.number.optional(),
  /** App processes (web servers and workers) sharing the database server, for the start-up check. */
  APP_PROCESS_COUNT: optionalCount(1),

  /*
  | Benchmark only (npm run bench -- http): a tenant database whose members list is also
  | served with tenancy bypassed at /__bench/members on the console host. Never set it
  | in a deployment: unset, the route does not exist.
  */
  BENCH_BYPASS_DATABASE: Env.schema.string.optional(),

  /*
  | Outgoing mail (password resets): log (default without SMTP_HOST; nothing is sent) or smtp.
  */
  MAIL_MAILER: Env.schema.enum.optional(['log', 'smtp'] as const),
  MAIL_FROM_ADDRESS: Env.schema.string.optional({ format: 'email' }),
  MAIL_FROM_NAME: Env.schema.string.optional(),
  SMTP_HOST: Env.schema.string.optional({ format: 'host' }),
  SMTP_PORT: Env.schema.number.optional(),
  /** true for implicit TLS (port 465); false upgrades with STARTTLS when offered. */
  SMTP_SECURE: Env.schema.boolean.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),

  /*
  | First super-admin (seeded). Without a password one is generated and printed once.
  */
  ADMIN_EMAIL: Env.schema.string.optional({ format: 'email' }),
  ADMIN_PASSWORD: Env.schema.string.optional(),
}
