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
      return await tenantContext.enter({ tenant, connectionName: outer.connectionName }, fn)
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
   * Query client of the current tenant's database; throws outside tenant work.
   */
  db() {
    return this.database.connection(tenantContext.connectionName('the tenant database'))
  }
}
