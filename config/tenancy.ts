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
  /**
   * Physical connections one process may hold to tenant databases, shared by
   * every tenant. 30 leaves a stock PostgreSQL (max_connections 100) room for
   * two processes with their maintenance and landlord connections:
   * 2 x (30 + 3 + 10) = 86. See docs/operations.md.
   */
  maxConnections: env.get('TENANT_DB_MAX_CONNECTIONS') ?? 30,
  /** Maintenance connections per process: migrations, advisory locks, CREATE/DROP DATABASE. */
  adminConnections: env.get('TENANT_DB_ADMIN_CONNECTIONS') ?? 3,
  /** Provision by cloning a golden template database (docs/tenancy.md, *Golden templates*). */
  goldenTemplates: env.get('TENANT_GOLDEN_TEMPLATES') ?? true,
  /**
   * Spare copies of each golden kept ready, so a provisioning takes one instead of
   * copying (docs/tenancy.md, *Spare copies*); 0 keeps none. Each is a golden's size on disk.
   */
  goldenSpares: env.get('TENANT_GOLDEN_SPARES') ?? 2,
  idleTimeoutMs: env.get('TENANT_IDLE_TIMEOUT_MS') ?? 60_000,
  /** Folder of pg_dump and pg_restore (tenant:move); empty: found on PATH. */
  pgBinDir: env.get('PG_BIN_DIR') || undefined,
  /** How long a request waits for a free tenant connection before its 503. */
  acquireTimeoutMs: 10_000,
  /** How long maintenance work waits for a free maintenance connection. */
  adminAcquireTimeoutMs: 60_000,
  /** App processes (web servers + workers) sharing the database server. */
  processCount: env.get('APP_PROCESS_COUNT') ?? 2,
  /** Prefix of application_name on tenant and maintenance connections. */
  applicationName: 'sangathan',
  /** Settings still set but no longer read, to warn about at start. */
  deprecatedSettings: (['TENANT_MAX_OPEN_CONNECTIONS', 'TENANT_DB_POOL_MAX'] as const).filter(
    (name) => env.get(name) !== undefined
  ),
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
