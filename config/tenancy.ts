import env from '#start/env'

/**
 * Settings of the tenancy engine (app/tenancy).
 */
const tenancyConfig = {
  rootDomain: env.get('TENANT_ROOT_DOMAIN'),
  /** Host of the super-admin console in production (admin.<root>); unset: /admin on the root host. */
  adminDomain: env.get('ADMIN_DOMAIN'),
  /** How long a host → tenant lookup is cached. */
  resolverCacheTtlMs: 5_000,
  databasePrefix: env.get('TENANT_DB_PREFIX') ?? 'sangathan_t_',
  maxOpenConnections: env.get('TENANT_MAX_OPEN_CONNECTIONS') ?? 20,
  poolMax: env.get('TENANT_DB_POOL_MAX') ?? 5,
  idleTimeoutMs: env.get('TENANT_IDLE_TIMEOUT_MS') ?? 60_000,
  /** How long work waits for a free connection slot before failing. */
  acquireTimeoutMs: 10_000,
  migrationsPath: 'database/migrations/tenant',
  seedersPath: 'database/seeders/tenant',
  reservedSlugs: [
    'admin',
    'www',
    'api',
    'mail',
    'smtp',
    'imap',
    'pop',
    'ftp',
    'app',
    'assets',
    'static',
    'cdn',
    'status',
    'help',
    'support',
    'docs',
    'blog',
    'landlord',
    'root',
    'system',
    'postgres',
    'template',
  ],
}

export default tenancyConfig
