import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { tenantContext } from '#tenancy/tenant_context'

export interface PlaceOption {
  id: number
  parent: number | null
  name: string
  wards?: number
}

/** The name column in the reader's language. */
function nameColumn(locale: string) {
  return locale === 'ne' ? 'name_np' : 'name'
}

function districtsOf(client: QueryClientContract, name: string): Promise<PlaceOption[]> {
  return client
    .from('districts')
    .select('id', 'province_id as parent', `${name} as name`)
    .orderBy(name)
}

/**
 * Provinces, districts and local levels of the current party's database as
 * options for the cascading selects, named in the reader's language.
 */
export async function geographyOptions(locale: string) {
  const client = db.connection(tenantContext.connectionName('reading geography'))
  const name = nameColumn(locale)
  const [provinces, districts, localLevels] = await Promise.all([
    client.from('provinces').select('id', `${name} as name`).orderBy('id'),
    districtsOf(client, name),
    client
      .from('local_levels')
      .select('id', 'district_id as parent', `${name} as name`, 'ward_count as wards')
      .orderBy(name),
  ])
  return {
    provinces: provinces as PlaceOption[],
    districts,
    localLevels: localLevels as PlaceOption[],
  }
}

/** The 77 districts, named in the reader's language and in its order (the citizenship select). */
export function districtOptions(locale: string): Promise<PlaceOption[]> {
  return districtsOf(
    db.connection(tenantContext.connectionName('reading districts')),
    nameColumn(locale)
  )
}
