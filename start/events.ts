/*
|--------------------------------------------------------------------------
| Typed events
|--------------------------------------------------------------------------
|
| Every event the app emits is declared here by augmenting EventsList, so
| emit() and on() are checked against its payload.
|
*/
import type {
  ProvisioningCompletedEvent,
  ProvisioningFailedEvent,
  ProvisioningStartedEvent,
} from '#tenancy/events'
import type { FirstAdminCreatedEvent } from '#party/staff/first_admin_credentials'

declare module '@adonisjs/core/types' {
  interface EventsList {
    'tenant:provisioning_started': ProvisioningStartedEvent
    'tenant:provisioning_completed': ProvisioningCompletedEvent
    'tenant:provisioning_failed': ProvisioningFailedEvent
    'party:first_admin_created': FirstAdminCreatedEvent
  }
}
