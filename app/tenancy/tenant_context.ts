import { AsyncLocalStorage } from 'node:async_hooks'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { MissingTenantContextException } from '#tenancy/exceptions'

/**
 * What the engine needs to know about a tenant to reach its database.
 */
export interface TenantIdentity {
  id: number
  slug: string
  dbHost: string | null
  dbPort: number | null
  dbName: string | null
  /** The tenant's own login role; absent or null for a tenant from before roles. */
  dbUser?: string | null
  /** That role's password, in clear. */
  dbPassword?: string | null
}

export interface TenantContextValue<T extends TenantIdentity = TenantIdentity> {
  tenant: T
  connectionName: string
  /**
   * A transaction open on that connection (TenancyManager#transaction):
   * tenancy.db() and tenant models use it instead of the connection.
   */
  client?: TransactionClientContract
}

const storage = new AsyncLocalStorage<TenantContextValue>()

/**
 * The current tenant, carried by AsyncLocalStorage so concurrent requests,
 * jobs and commands for different tenants never share state.
 */
export const tenantContext = {
  /**
   * Runs fn with the given tenant as the current one.
   */
  enter<R>(value: TenantContextValue, fn: () => R): R {
    return storage.run(value, fn)
  },

  /**
   * The current tenant context, or undefined outside tenant work.
   */
  current(): TenantContextValue | undefined {
    return storage.getStore()
  },

  /**
   * The current tenant context; throws outside tenant work.
   */
  currentOrFail(what?: string): TenantContextValue {
    const value = storage.getStore()
    if (!value) throw new MissingTenantContextException(what)
    return value
  },

  /**
   * Name of the Lucid connection of the current tenant; throws outside tenant work.
   */
  connectionName(what?: string): string {
    return this.currentOrFail(what).connectionName
  },
}

/**
 * Lucid connection name of one of a tenant's connections.
 */
export function tenantConnectionName(tenantId: number, lane: number) {
  return `tenant_${tenantId}_${lane}`
}
