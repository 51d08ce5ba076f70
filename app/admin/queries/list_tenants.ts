import db from '@adonisjs/lucid/services/db'
import Tenant, { TENANT_STATUSES, type TenantStatus } from '#models/landlord/tenant'

export interface TenantListFilters {
  search?: string
  status?: string
  page?: number
}

export const TENANTS_PER_PAGE = 25

/**
 * The console's tenant list: search in slug and both names, status
 * filter, newest first, with template, modules and the time of each
 * tenant's last recorded migration.
 */
export async function listTenants(filters: TenantListFilters) {
  const query = Tenant.query()
    .preload('template')
    .preload('modules', (modules) => modules.orderBy('name'))
    .select('tenants.*')
    .select(
      db
        .connection('landlord')
        .from('tenant_migrations_history')
        .whereColumn('tenant_migrations_history.tenant_id', 'tenants.id')
        .max('created_at')
        .as('last_migration_at')
    )
    .orderBy('tenants.created_at', 'desc')
    .orderBy('tenants.id', 'desc')

  const search = filters.search?.trim().slice(0, 100)
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
    query.where((where) => {
      where
        .whereILike('tenants.slug', pattern)
        .orWhereILike('tenants.name', pattern)
        .orWhereILike('tenants.name_ne', pattern)
    })
  }
  const status = TENANT_STATUSES.includes(filters.status as TenantStatus)
    ? (filters.status as TenantStatus)
    : undefined
  if (status) query.where('tenants.status', status)

  const page = Number.isSafeInteger(filters.page) && filters.page! > 0 ? filters.page! : 1
  const result = await query.paginate(page, TENANTS_PER_PAGE)
  return { result, filters: { search: search ?? '', status: status ?? '' } }
}
