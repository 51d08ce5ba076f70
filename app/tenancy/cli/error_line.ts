import { TenantProvisioningException } from '#tenancy/exceptions'

/**
 * One line an operator can act on, for any error a tenant command meets:
 * the engine's summary (stage and migration), or the first line of the
 * message (a PostgreSQL error such as `database "x" does not exist`).
 */
export function errorLine(error: unknown): string {
  if (error instanceof TenantProvisioningException) return error.summary
  const message = error instanceof Error ? error.message : String(error)
  const line = message.split('\n').find((part) => part.trim() !== '') ?? ''
  return line.trim() || (error instanceof Error ? error.name : 'Unknown error')
}
