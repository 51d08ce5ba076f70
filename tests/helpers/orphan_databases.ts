import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import Tenant from '#models/landlord/tenant'
import tenancyConfig from '#config/tenancy'
import tenancy from '#tenancy/services/tenancy'
import { DatabaseServer } from '#tenancy/database_server'
import { dropMarkedOrphans } from '#tests/helpers/tenancy'

/**
 * Databases and roles a landlord tenant row still points at.
 */
async function listedByLandlord() {
  const listed = new Set<string>()
  if (await db.connection('landlord').schema.hasTable(Tenant.table)) {
    const tenants = await Tenant.query().whereNotNull('db_name').select('db_name', 'db_user')
    for (const tenant of tenants) {
      listed.add(tenant.dbName!)
      if (tenant.dbUser) listed.add(tenant.dbUser)
    }
  }
  return listed
}

/**
 * Tenant databases an interrupted test run left behind: on the default
 * tenant server, named with the configured prefix, and listed by no tenant
 * of the landlord. Always empty outside NODE_ENV=test, so a misconfigured
 * run can never pick a database that a landlord still points at.
 */
export async function orphanTenantDatabases(): Promise<string[]> {
  const prefix = tenancyConfig.databasePrefix
  if (!app.inTest || !prefix) return []
  const server = new DatabaseServer(
    tenancy.connections.options.defaultServer,
    tenancy.connections.admin
  )
  const listed = await listedByLandlord()
  const named = await server.list(prefix)
  return named.filter((name) => !listed.has(name))
}

/**
 * Drops the orphans {@link orphanTenantDatabases} finds (and their roles),
 * only those carrying the platform's mark: an unmarked database is not ours.
 */
export async function dropOrphanTenantDatabases() {
  const prefix = tenancyConfig.databasePrefix
  if (!app.inTest || !prefix) return []
  return dropMarkedOrphans(prefix, await listedByLandlord())
}
