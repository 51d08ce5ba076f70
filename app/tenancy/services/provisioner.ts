import app from '@adonisjs/core/services/app'
import type { TenantProvisioner } from '#tenancy/tenant_provisioner'

let provisioner: TenantProvisioner

/**
 * The TenantProvisioner singleton.
 */
await app.booted(async () => {
  provisioner = await app.container.make('tenancy.provisioner')
})

export { provisioner as default }
