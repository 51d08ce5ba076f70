/**
 * Connection settings for a PostgreSQL server, derived either from a
 * DATABASE_URL or from the individual DB_* variables.
 */
export interface PgConnectionSettings {
  host: string
  port: number
  user: string
  password?: string
  database: string
}

type EnvLike = Record<string, string | number | undefined>

/**
 * Reads PostgreSQL settings from env values. DATABASE_URL wins over DB_*.
 */
export function pgSettingsFromEnv(values: EnvLike): PgConnectionSettings {
  const url = values.DATABASE_URL
  if (typeof url === 'string' && url.length > 0) {
    return parseDatabaseUrl(url)
  }
  return {
    host: String(values.DB_HOST ?? '127.0.0.1'),
    port: Number(values.DB_PORT ?? 5432),
    user: String(values.DB_USER ?? 'postgres'),
    password: values.DB_PASSWORD === undefined ? undefined : String(values.DB_PASSWORD),
    database: String(values.DB_DATABASE ?? 'sangathan'),
  }
}

/**
 * Parses a postgres:// URL, throwing a readable error for anything else.
 */
export function parseDatabaseUrl(value: string): PgConnectionSettings {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL: "${value}"`)
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(
      `DATABASE_URL must start with postgres:// or postgresql:// (got "${url.protocol}")`
    )
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!url.hostname || !database) {
    throw new Error(
      'DATABASE_URL must name a host and a database, e.g. postgres://user@host:5432/db'
    )
  }
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username || 'postgres'),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
  }
}

/**
 * Builds a postgres:// URL from settings.
 */
export function toDatabaseUrl(settings: PgConnectionSettings): string {
  const auth = settings.password
    ? `${encodeURIComponent(settings.user)}:${encodeURIComponent(settings.password)}`
    : encodeURIComponent(settings.user)
  return `postgres://${auth}@${settings.host}:${settings.port}/${encodeURIComponent(settings.database)}`
}
