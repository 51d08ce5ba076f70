import type { Database } from '@adonisjs/lucid/database'

export interface ConnectionDemand {
  /** App processes (web servers and workers) using the database server. */
  processes: number
  /** TENANT_DB_MAX_CONNECTIONS of each process. */
  tenantConnections: number
  /** TENANT_DB_ADMIN_CONNECTIONS of each process. */
  adminConnections: number
  /** Pool max of the landlord connection of each process. */
  landlordPoolMax: number
}

export interface ServerConnectionLimits {
  maxConnections: number
  /** Slots only superusers (and roles with pg_use_reserved_connections) may use. */
  reservedConnections: number
}

/**
 * Whether the processes' connection budgets fit the server: the most they
 * can open together against what ordinary roles may open.
 */
export function connectionCapacity(demand: ConnectionDemand, limits: ServerConnectionLimits) {
  const perProcess = demand.tenantConnections + demand.adminConnections + demand.landlordPoolMax
  const needed = demand.processes * perProcess
  const available = limits.maxConnections - limits.reservedConnections
  return { perProcess, needed, available, fits: needed <= available }
}

export interface CapacityLogger {
  warn(message: string): void
  debug(message: string): void
}

/**
 * Reads the server's limits through the landlord connection and warns when
 * the declared processes could open more connections than it accepts. Never
 * throws: a start-up check must not stop the app.
 */
export async function warnWhenConnectionsExceedServer(
  db: Database,
  logger: CapacityLogger,
  demand: ConnectionDemand
) {
  try {
    const result = await db.connection('landlord').rawQuery(
      `select name, setting::int as value from pg_settings
          where name in ('max_connections', 'superuser_reserved_connections', 'reserved_connections')`
    )
    const settings = new Map<string, number>(
      (result.rows as { name: string; value: number }[]).map((row) => [row.name, row.value])
    )
    const limits = {
      maxConnections: settings.get('max_connections') ?? 100,
      reservedConnections:
        (settings.get('superuser_reserved_connections') ?? 0) +
        (settings.get('reserved_connections') ?? 0),
    }
    const capacity = connectionCapacity(demand, limits)
    if (!capacity.fits) {
      logger.warn(
        `PostgreSQL accepts ${capacity.available} connections (max_connections ${limits.maxConnections} ` +
          `minus ${limits.reservedConnections} reserved), but APP_PROCESS_COUNT=${demand.processes} processes ` +
          `x (TENANT_DB_MAX_CONNECTIONS ${demand.tenantConnections} + TENANT_DB_ADMIN_CONNECTIONS ` +
          `${demand.adminConnections} + landlord pool ${demand.landlordPoolMax}) = ${capacity.needed}: ` +
          'lower the budgets or raise max_connections (docs/operations.md)'
      )
    }
    return capacity
  } catch (error) {
    logger.debug(`Connection capacity check skipped: ${(error as Error).message}`)
    return undefined
  }
}
