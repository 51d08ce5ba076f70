import db from '@adonisjs/lucid/services/db'
import { tenantContext } from '#tenancy/tenant_context'

export interface PlaceOption {
  id: number
  parent: number | null
  name: string
  wards?: number
}

/**
 * Provinces, districts and local levels of the party's database as
 * options for the cascading selects, named in the reader's language (the
 * current tenant's database unless given a Lucid connection name).
 */
export async function geographyOptions(
  locale: string,
  connectionName = tenantContext.connectionName('reading geography')
) {
  const client = db.connection(connectionName)
  const name = locale === 'ne' ? 'name_np' : 'name'
  const [provinces, districts, localLevels] = await Promise.all([
    client.from('provinces').select('id', `${name} as name`).orderBy('id'),
    client.from('districts').select('id', 'province_id as parent', `${name} as name`).orderBy(name),
    client
      .from('local_levels')
      .select('id', 'district_id as parent', `${name} as name`, 'ward_count as wards')
      .orderBy(name),
  ])
  return {
    provinces: provinces as PlaceOption[],
    districts: districts as PlaceOption[],
    localLevels: localLevels as PlaceOption[],
  }
}

/** The 77 districts, named in the reader's language and in its order (the citizenship select). */
export function districtOptions(locale: string): Promise<PlaceOption[]> {
  const name = locale === 'ne' ? 'name_np' : 'name'
  return db
    .connection(tenantContext.connectionName('reading districts'))
    .from('districts')
    .select('id', 'province_id as parent', `${name} as name`)
    .orderBy(name)
}
