import app from '@adonisjs/core/services/app'
import { TenantProvisioner } from '#tenancy/tenant_provisioner'

let provisioner: TenantProvisioner

/**
 * The TenantProvisioner singleton.
 */
await app.booted(async () => {
  provisioner = await app.container.make(TenantProvisioner)
})

export { provisioner as default }
