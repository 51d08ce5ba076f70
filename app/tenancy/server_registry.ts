import db from '@adonisjs/lucid/services/db'
import DatabaseServerRecord from '#models/landlord/database_server_record'
import Tenant from '#models/landlord/tenant'
import type { DatabaseServerSettings } from '#tenancy/connection_manager'
import { NoDatabaseServerException } from '#tenancy/exceptions'

/** A registered server with the number of tenant databases it holds. */
export interface ServerLoad {
  id: number
  name: string
  host: string
  port: number
  capacity: number
  accepting: boolean
  tenants: number
}

/**
 * The landlord's table of database servers (database_servers): which
 * servers exist, how many tenants each holds (counted from tenants.db_host
 * and db_port; a tenant with none is on the default server) and where a new
 * tenant goes. With no server registered, every tenant goes to the default
 * server (the landlord's), as before servers existed.
 */
export class ServerRegistry {
  constructor(protected defaultServer: Pick<DatabaseServerSettings, 'host' | 'port'>) {}

  /**
   * Every registered server with its tenant count, by name.
   */
  async list(): Promise<ServerLoad[]> {
    const servers = await DatabaseServerRecord.query().orderBy('name')
    // No server registered (the common single-server case): one cheap query.
    if (servers.length === 0) return []
    const counts = await this.#tenantCounts()
    return servers.map((server) => ({
      id: server.id,
      name: server.name,
      host: server.host,
      port: server.port,
      capacity: server.capacity,
      accepting: server.accepting,
      tenants: counts.get(serverKey(server)) ?? 0,
    }))
  }

  find(name: string) {
    return DatabaseServerRecord.findBy('name', name)
  }

  /**
   * The registered server at this host and port, if any.
   */
  async at(host: string | null, port: number | null) {
    return DatabaseServerRecord.query()
      .where('host', host ?? this.defaultServer.host)
      .where('port', port ?? this.defaultServer.port)
      .first()
  }

  /**
   * Where a new tenant goes: the accepting server with room whose share of
   * its capacity in use is lowest (then fewest tenants, then oldest).
   * Undefined when no server is registered (the default server);
   * NoDatabaseServerException when servers are registered but none takes
   * new tenants.
   */
  async place(): Promise<ServerLoad | undefined> {
    const servers = await this.list()
    if (servers.length === 0) return undefined
    const open = servers.filter((server) => server.accepting && server.tenants < server.capacity)
    if (open.length === 0) {
      throw new NoDatabaseServerException(
        `No database server accepts new tenants: ${servers
          .map(
            (server) =>
              `${server.name} ${server.accepting ? `full (${server.tenants}/${server.capacity})` : 'not accepting'}`
          )
          .join(', ')} (node ace db-server:list, db-server:update)`
      )
    }
    open.sort(
      (a, b) =>
        a.tenants / a.capacity - b.tenants / b.capacity || a.tenants - b.tenants || a.id - b.id
    )
    return open[0]
  }

  /**
   * Tenant databases per host:port (tenants without a host count on the default server).
   */
  async #tenantCounts() {
    const rows: { host: string; port: number; count: string }[] = await db
      .connection(Tenant.connection)
      .from(Tenant.table)
      .select(
        db.raw('coalesce(db_host, ?) as host', [this.defaultServer.host]),
        db.raw('coalesce(db_port, ?) as port', [this.defaultServer.port])
      )
      .count('* as count')
      .where((query) => query.whereNotNull('db_name').orWhereNotNull('db_host'))
      .groupByRaw('1, 2')
    return new Map(rows.map((row) => [serverKey(row), Number(row.count)]))
  }
}

export function serverKey(server: { host: string; port: number | string }) {
  return `${server.host}:${Number(server.port)}`
}
