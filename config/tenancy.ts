import env from '#start/env'

/**
 * Settings of the tenancy engine (app/tenancy).
 */
const tenancyConfig = {
  rootDomain: env.get('TENANT_ROOT_DOMAIN'),
  /** Host of the super-admin console in production (admin.<root>); unset: /admin on the root host. */
  adminDomain: env.get('ADMIN_DOMAIN'),
  /** How long a host → tenant lookup is cached (changes saved in this process apply at once). */
  resolverCacheTtlMs: 10_000,
  /** How long "no party on this host" is remembered. */
  resolverNegativeCacheTtlMs: 30_000,
  /** Most hosts the resolver remembers (least recently used dropped first). */
  resolverCacheMaxEntries: 5_000,
  /** Hosts where only /health answers (load-balancer and container probes). */
  probeHosts: ['localhost', '127.0.0.1', '[::1]'],
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
