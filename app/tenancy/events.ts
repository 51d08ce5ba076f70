/*
| Payloads of the tenancy events. They are registered in EventsList by
| start/events.ts.
*/
import type Tenant from '#models/landlord/tenant'
import type { TenantProvisioningException } from '#tenancy/exceptions'

export interface ProvisioningStats {
  /** Migrations applied, per layer key (basic, template, module:x, custom). */
  layers: Record<string, number>
  migrations: number
  durationMs: number
}

export interface ProvisioningStartedEvent {
  tenant: Tenant
}

export interface ProvisioningCompletedEvent {
  tenant: Tenant
  status: 'completed'
  stats: ProvisioningStats
  schemaHash: string
}

export interface ProvisioningFailedEvent {
  tenant: Tenant
  error: TenantProvisioningException
}
