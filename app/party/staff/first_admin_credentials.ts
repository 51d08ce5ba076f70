import emitter from '@adonisjs/core/services/emitter'
import type { TenantIdentity } from '#tenancy/tenant_context'
import type { StaffCredentials } from '#actions/staff/ensure_first_admin'

/**
 * Payload of `party:first_admin_created`: the only place the first admin's
 * generated password ever appears.
 */
export interface FirstAdminCreatedEvent extends StaffCredentials {
  tenant: TenantIdentity
}

/**
 * Listens for the first admin of one party being created (during its
 * provisioning in this process) and keeps the credentials for the caller
 * to show once. Call stop() when done.
 */
export function captureFirstAdmin(tenantId: number) {
  let captured: StaffCredentials | undefined
  const stop = emitter.on('party:first_admin_created', ({ tenant, email, password }) => {
    if (tenant.id === tenantId) captured = { email, password }
  })
  return {
    get credentials() {
      return captured
    },
    stop,
  }
}

/**
 * Runs a provisioning of the party in this process and then prints its first
 * admin's credentials (when it created one) in the lines the provisioning
 * commands promise: `Email:` and `Password:`, shown only now.
 */
export async function printingFirstAdmin(
  tenantId: number,
  logger: { log(message: string): void },
  provision: () => Promise<unknown>
) {
  const firstAdmin = captureFirstAdmin(tenantId)
  try {
    await provision()
  } finally {
    firstAdmin.stop()
  }
  if (firstAdmin.credentials) {
    logger.log('First party admin (the password is shown only now):')
    logger.log(`Email: ${firstAdmin.credentials.email}`)
    logger.log(`Password: ${firstAdmin.credentials.password}`)
  }
}
