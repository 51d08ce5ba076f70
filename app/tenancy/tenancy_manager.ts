import type { Database } from '@adonisjs/lucid/database'
import type { TenantConnectionManager } from '#tenancy/connection_manager'
import { tenantContext, type TenantIdentity } from '#tenancy/tenant_context'

/**
 * Entry point for tenant-scoped work: `tenancy.run(tenant, fn)` leases one
 * connection to the tenant's database, makes it current for everything fn
 * awaits, and gives it back afterwards.
 */
export class TenancyManager {
  constructor(
    protected database: Database,
    public readonly connections: TenantConnectionManager
  ) {}

  /**
   * Runs fn inside the tenant's context. Nested work for the tenant already
   * in context shares the outer lease; fn must not outlive the outer run.
   */
  async run<R>(tenant: TenantIdentity, fn: () => Promise<R> | R): Promise<R> {
    const outer = tenantContext.current()
    // A second lease for the same tenant could wait forever on a budget full of outer leases.
    if (outer && outer.tenant.id === tenant.id && outer.tenant.dbName === tenant.dbName) {
      return await tenantContext.enter(
        { tenant, connectionName: outer.connectionName, client: outer.client },
        fn
      )
    }
    const connectionName = await this.connections.acquire(tenant)
    try {
      return await tenantContext.enter({ tenant, connectionName }, fn)
    } finally {
      this.connections.release(connectionName)
    }
  }

  /**
   * The current tenant, or undefined outside tenant work.
   */
  current(): TenantIdentity | undefined {
    return tenantContext.current()?.tenant
  }

  /**
   * The current tenant; throws outside tenant work.
   */
  currentOrFail(): TenantIdentity {
    return tenantContext.currentOrFail('the current tenant').tenant
  }

  /**
   * Query client of the current tenant's database (the transaction, inside
   * transaction()); throws outside tenant work.
   */
  db() {
    const context = tenantContext.currentOrFail('the tenant database')
    return context.client ?? this.database.connection(context.connectionName)
  }

  /**
   * Runs fn in one transaction on the current tenant's connection: what fn
   * does through tenancy.db() and tenant models commits once at the end, or
   * not at all when fn throws. Inside a transaction already, fn joins it.
   * (Code that calls db.connection(tenantContext.connectionName()) itself
   * runs outside it.)
   */
  async transaction<R>(fn: () => Promise<R>): Promise<R> {
    const context = tenantContext.currentOrFail('a tenant transaction')
    if (context.client) return fn()
    return this.database
      .connection(context.connectionName)
      .transaction((trx) => tenantContext.enter({ ...context, client: trx }, fn))
  }
}
