import app from '@adonisjs/core/services/app'
import { Tenancy } from '#tenancy/tenancy'

let tenancy: Tenancy

/**
 * The tenancy singleton: `tenancy.run(tenant, fn)`, `tenancy.current()`, `tenancy.db()`.
 */
await app.booted(async () => {
  tenancy = await app.container.make(Tenancy)
})

export { tenancy as default }
