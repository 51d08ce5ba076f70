import type { ApplicationService } from '@adonisjs/core/types'
import type { PostgreConfig } from '@adonisjs/lucid/types/database'
import { warnWhenConnectionsExceedServer, type CapacityLogger } from '#tenancy/connection_capacity'
import { TenantConnectionManager } from '#tenancy/connection_manager'
import { TenancyManager } from '#tenancy/tenancy_manager'
import type { TenantProvisioner } from '#tenancy/tenant_provisioner'
import { TenantResolver } from '#tenancy/tenant_resolver'
import { HostAllowList } from '#tenancy/host_allow_list'
import { HostCacheInvalidation } from '#tenancy/host_cache_invalidation'
import env from '#start/env'

type OwnRedis = import('ioredis').Redis

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    'tenancy.provisioner': TenantProvisioner
  }
}

/**
 * Registers the tenancy engine: one connection manager, the tenancy
 * service and the provisioner, all singletons.
 */
export default class TenancyProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton(TenantConnectionManager, async (resolver) => {
      const db = await resolver.make('lucid.db')
      const logger = await resolver.make('logger')
      const config = this.app.config.get<typeof import('#config/tenancy').default>('tenancy')
      const landlord = this.#landlordSettings()
      const manager = new TenantConnectionManager(db, {
        maxConnections: config.maxConnections,
        adminConnections: config.adminConnections,
        idleTimeoutMs: config.idleTimeoutMs,
        acquireTimeoutMs: config.acquireTimeoutMs,
        adminAcquireTimeoutMs: config.adminAcquireTimeoutMs,
        applicationName: config.applicationName,
        onError: (error, message) => logger.error({ err: error }, message),
        defaultServer: {
          host: landlord.host,
          port: landlord.port,
          user: landlord.user,
          password: landlord.password,
        },
        warn: (message) => logger.warn(message),
      })
      manager.startIdleSweep()
      return manager
    })

    this.app.container.singleton(TenancyManager, async (resolver) => {
      const db = await resolver.make('lucid.db')
      return new TenancyManager(db, await resolver.make(TenantConnectionManager))
    })

    this.app.container.singleton(HostCacheInvalidation, async (container) => {
      if (!env.get('REDIS_URL')) return new HostCacheInvalidation()
      // Redis and the logger on first use: a command that changes no tenant never connects.
      // The HTTP side has the app's Redis service; ace commands and the queue worker do not
      // (its provider is registered for HTTP only), so they open connections of their own.
      const service = async () => {
        if (!container.hasBinding('redis')) return undefined
        const redis = await container.make('redis')
        return redis.connection('session')
      }
      let publisher: Promise<OwnRedis> | undefined
      return new HostCacheInvalidation(
        {
          publish: async (channel, message) => {
            const redis = await service()
            if (redis) return redis.publish(channel, message)
            publisher ??= this.#ownRedis()
            const own = await publisher
            return own.publish(channel, message)
          },
          subscribe: (channel, handler) => {
            const listen = async () => {
              const redis = await service()
              if (redis) return redis.subscribe(channel, handler)
              // A subscribed connection can do nothing else: one of its own.
              const subscriber = await this.#ownRedis()
              subscriber.on('message', (from: string, message: string) => {
                if (from === channel) handler(message)
              })
              await subscriber.subscribe(channel)
            }
            listen().catch((error) => this.#warn(error, 'could not listen for tenant changes'))
          },
        },
        {
          scope: this.#landlordSettings().database,
          onError: (error) =>
            this.#warn(error, 'could not announce a tenant change to other processes'),
        }
      )
    })

    this.app.container.singleton(TenantResolver, async (container) => {
      const config = this.app.config.get<typeof import('#config/tenancy').default>('tenancy')
      const resolver = new TenantResolver({
        rootDomain: config.rootDomain,
        reservedSlugs: config.reservedSlugs,
        cacheTtlMs: config.resolverCacheTtlMs,
        negativeCacheTtlMs: config.resolverNegativeCacheTtlMs,
        cacheMaxEntries: config.resolverCacheMaxEntries,
      })
      const invalidation = await container.make(HostCacheInvalidation)
      invalidation.onChange(() => resolver.forget())
      return resolver
    })

    this.app.container.singleton(HostAllowList, async (resolver) => {
      const config = this.app.config.get<typeof import('#config/tenancy').default>('tenancy')
      return new HostAllowList(await resolver.make(TenantResolver), {
        consoleHost: config.adminDomain || config.rootDomain,
        probeHosts: config.probeHosts,
      })
    })

    // Bound by name and imported on first use: the engine's provisioning side (migrator,
    // goldens, fleet, mover) stays out of processes that never provision (tenant:list, web).
    this.app.container.singleton('tenancy.provisioner', async (resolver) => {
      const { TenantProvisioner: Provisioner } = await import('#tenancy/tenant_provisioner')
      const config = this.app.config.get<typeof import('#config/tenancy').default>('tenancy')
      return new Provisioner(
        await resolver.make('lucid.db'),
        this.app,
        await resolver.make('emitter'),
        await resolver.make(TenancyManager),
        {
          migrationsRoot: config.migrationsPath,
          seedersRoot: config.seedersPath,
          databasePrefix: config.databasePrefix,
          reservedSlugs: config.reservedSlugs,
          landlord: this.#landlordSettings(),
          goldenTemplates: config.goldenTemplates,
          goldenSpares: config.goldenSpares,
          pgBinDir: config.pgBinDir,
        }
      )
    })
  }

  /**
   * Every process (web, worker, CLI) announces tenant and domain changes to the host caches.
   */
  async boot() {
    const invalidation = await this.app.container.make(HostCacheInvalidation)
    invalidation.watchModels()
  }

  /**
   * The web server checks its connection budgets against the database server
   * (the worker does the same from queue:work).
   */
  async ready() {
    if (this.app.getEnvironment() === 'web') await checkTenantConnectionCapacity(this.app)
  }

  /**
   * Closes tenant connections before the database provider closes the rest.
   */
  async shutdown() {
    if (this.app.container.hasBinding(TenantConnectionManager)) {
      const manager = await this.app.container.make(TenantConnectionManager)
      await manager.closeAll()
    }
    await Promise.all(this.#redis.map((client) => client.quit().catch(() => client.disconnect())))
  }

  /** Redis connections this provider opened itself (see HostCacheInvalidation), closed at shutdown. */
  #redis: OwnRedis[] = []

  /**
   * A Redis connection with the session connection's settings (config/redis.ts), for a
   * process without the app's Redis service.
   */
  async #ownRedis() {
    const { Redis } = await import('ioredis')
    const config = this.app.config.get<typeof import('#config/redis').default>('redis')
    const client = new Redis(config.connections.session)
    this.#redis.push(client)
    return client
  }

  #warn(error: unknown, message: string) {
    this.app.container
      .make('logger')
      .then((logger) => logger.warn({ err: error }, message))
      .catch(() => {})
  }

  #landlordSettings() {
    const connection = this.app.config.get<PostgreConfig>('database.connections.landlord')
      .connection as {
      host: string
      port: number
      user: string
      password?: string
      database: string
    }
    return {
      host: connection.host,
      port: connection.port,
      user: connection.user,
      password: connection.password,
      database: connection.database,
    }
  }
}

/**
 * Warns (log) when APP_PROCESS_COUNT processes with this process's budgets
 * could open more connections than PostgreSQL accepts, and about deprecated
 * settings that are now ignored. One cheap query; never throws.
 */
export async function checkTenantConnectionCapacity(
  app: ApplicationService,
  given?: CapacityLogger
) {
  const logger = given ?? (await app.container.make('logger'))
  const config = app.config.get<typeof import('#config/tenancy').default>('tenancy')
  for (const name of config.deprecatedSettings) {
    logger.warn(
      `${name} is no longer read: tenant connections are bounded by TENANT_DB_MAX_CONNECTIONS ` +
        `(now ${config.maxConnections}) for the whole process`
    )
  }
  const landlord = app.config.get<PostgreConfig>('database.connections.landlord')
  return warnWhenConnectionsExceedServer(await app.container.make('lucid.db'), logger, {
    processes: config.processCount,
    tenantConnections: config.maxConnections,
    adminConnections: config.adminConnections,
    // knex's default pool max when none is configured.
    landlordPoolMax: landlord.pool?.max ?? 10,
  })
}
