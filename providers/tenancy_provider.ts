import type { ApplicationService } from '@adonisjs/core/types'
import type { PostgreConfig } from '@adonisjs/lucid/types/database'
import { TenantConnectionManager } from '#tenancy/connection_manager'
import { TenancyManager } from '#tenancy/tenancy_manager'
import { TenantProvisioner } from '#tenancy/tenant_provisioner'
import { TenantResolver } from '#tenancy/tenant_resolver'

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
        maxOpen: config.maxOpenConnections,
        poolMax: config.poolMax,
        idleTimeoutMs: config.idleTimeoutMs,
        acquireTimeoutMs: config.acquireTimeoutMs,
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

    this.app.container.singleton(TenantResolver, () => {
      const config = this.app.config.get<typeof import('#config/tenancy').default>('tenancy')
      return new TenantResolver({
        rootDomain: config.rootDomain,
        reservedSlugs: config.reservedSlugs,
        cacheTtlMs: config.resolverCacheTtlMs,
      })
    })

    this.app.container.singleton(TenantProvisioner, async (resolver) => {
      const config = this.app.config.get<typeof import('#config/tenancy').default>('tenancy')
      return new TenantProvisioner(
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
        }
      )
    })
  }

  /**
   * Closes tenant connections before the database provider closes the rest.
   */
  async shutdown() {
    if (this.app.container.hasBinding(TenantConnectionManager)) {
      const manager = await this.app.container.make(TenantConnectionManager)
      await manager.closeAll()
    }
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
