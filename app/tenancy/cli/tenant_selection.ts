import Tenant from '#models/landlord/tenant'

/**
 * The tenant with this slug, with template and modules loaded; undefined if none.
 */
export async function findTenant(slug: string) {
  return Tenant.query().where('slug', slug).preload('template').preload('modules').first()
}

/**
 * Tenants named by slug (all active ones when none are named). Unknown slugs
 * are returned separately so commands can report them.
 */
export async function selectTenants(slugs: string[] = [], statuses: string[] = ['active']) {
  const query = Tenant.query().preload('template').preload('modules').orderBy('slug')
  if (slugs.length > 0) query.whereIn('slug', slugs)
  else query.whereIn('status', statuses)
  const tenants = await query
  const found = new Set(tenants.map((tenant) => tenant.slug))
  return { tenants, unknown: slugs.filter((slug) => !found.has(slug)) }
}

/**
 * Splits a comma-separated flag value.
 */
export function splitList(value?: string | string[]) {
  const parts = Array.isArray(value) ? value : (value ?? '').split(',')
  return parts.map((part) => part.trim()).filter(Boolean)
}

/**
 * Runs fn over items with at most `concurrency` at a time, keeping order of results.
 */
export async function mapConcurrently<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const workers = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await fn(items[index])
      }
    }
  )
  await Promise.all(workers)
  return results
}
