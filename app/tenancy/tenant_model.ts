import db from '@adonisjs/lucid/services/db'
import { Adapter, BaseModel } from '@adonisjs/lucid/orm'
import type { LucidModel, ModelAdapterOptions } from '@adonisjs/lucid/types/model'
import { tenantContext } from '#tenancy/tenant_context'

/**
 * Lucid's adapter, except that a model given no client or connection of its
 * own uses the tenant context's transaction when one is open
 * (TenancyManager#transaction).
 */
class TenantAdapter extends Adapter {
  modelConstructorClient(modelConstructor: LucidModel, options?: ModelAdapterOptions) {
    if (!options?.client && !options?.connection) {
      const client = tenantContext.current()?.client
      if (client) return client
    }
    return super.modelConstructorClient(modelConstructor, options)
  }
}

/**
 * Base of every model stored in a tenant database. Its connection is the
 * current tenant's, resolved per query from the tenant context (its
 * transaction when one is open); with no tenant in context, any query throws.
 */
export class TenantBaseModel extends BaseModel {}

let adapter: TenantAdapter | undefined

Object.defineProperty(TenantBaseModel, '$adapter', {
  // Made on first use: the database service exists once the app has booted.
  get() {
    adapter ??= new TenantAdapter(db)
    return adapter
  },
  set() {
    throw new Error('Tenant models use the tenant adapter')
  },
  configurable: false,
})

Object.defineProperty(TenantBaseModel, 'connection', {
  get() {
    return tenantContext.connectionName(`the tenant model "${this.name}"`)
  },
  set() {
    throw new Error('Tenant models take their connection from the tenant context')
  },
  configurable: false,
})
