import { BaseModel } from '@adonisjs/lucid/orm'
import { tenantContext } from '#tenancy/tenant_context'

/**
 * Base of every model stored in a tenant database. Its connection is the
 * current tenant's, resolved per query from the tenant context; with no
 * tenant in context, any query throws.
 */
export class TenantBaseModel extends BaseModel {}

Object.defineProperty(TenantBaseModel, 'connection', {
  get() {
    return tenantContext.connectionName(`the tenant model "${this.name}"`)
  },
  set() {
    throw new Error('Tenant models take their connection from the tenant context')
  },
  configurable: false,
})
