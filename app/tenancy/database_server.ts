import type pg from 'pg'
import type { AdminConnections } from '#tenancy/admin_connections'
import type { DatabaseServerSettings } from '#tenancy/connection_manager'
import { assertSafeDatabaseName, quoteIdentifier } from '#tenancy/naming'

/**
 * CREATE/DROP DATABASE on a tenant's server, through its maintenance database.
 */
export class DatabaseServer {
  constructor(
    protected settings: DatabaseServerSettings,
    /** Every client holds a slot of this budget while it is open. */
    protected admin: AdminConnections
  ) {}

  #withClient<R>(fn: (client: pg.Client) => Promise<R>): Promise<R> {
    return this.admin.withClient({ ...this.settings, database: 'postgres' }, fn)
  }

  async exists(name: string) {
    return this.#withClient(async (client) => {
      const result = await client.query('select 1 from pg_database where datname = $1', [name])
      return (result.rowCount ?? 0) > 0
    })
  }

  async create(name: string) {
    assertSafeDatabaseName(name)
    await this.#withClient((client) => client.query(`create database ${quoteIdentifier(name)}`))
  }

  /**
   * Drops the database, disconnecting anyone still connected to it.
   */
  async drop(name: string) {
    assertSafeDatabaseName(name)
    await this.#withClient((client) =>
      client.query(`drop database if exists ${quoteIdentifier(name)} with (force)`)
    )
  }

  /**
   * Names of databases starting with a prefix (for cleanup and audits).
   */
  async list(prefix: string) {
    return this.#withClient(async (client) => {
      const result = await client.query<{ datname: string }>(
        `select datname from pg_database where datname like $1 order by datname`,
        [`${prefix.replaceAll('_', '\\_')}%`]
      )
      return result.rows.map((row) => row.datname)
    })
  }
}
