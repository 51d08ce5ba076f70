import app from '@adonisjs/core/services/app'
import { TenancyManager } from '#tenancy/tenancy_manager'

let tenancy: TenancyManager

/**
 * The tenancy singleton: `tenancy.run(tenant, fn)`, `tenancy.current()`, `tenancy.db()`.
 */
await app.booted(async () => {
  tenancy = await app.container.make(TenancyManager)
})

export { tenancy as default }
