import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { districts, localLevels, provinces } from '#party/geography/nepal_geography'

/** Rows per INSERT statement. */
const BATCH_SIZE = 250

/**
 * Loads Nepal's 7 provinces, 77 districts and 753 local levels from the
 * geography domain module. Idempotent: rows are upserted by id (the ids of
 * the data, the same in every tenant), so a re-run updates names and ward
 * counts in place. All in one transaction.
 */
export default class GeographySeeder extends BaseSeeder {
  /** The same rows for every party: golden template databases are built with them. */
  static perTemplate = true
  /** Where the rows come from: a change rebuilds the golden (docs/tenancy.md). */
  static inputs = ['app/party/geography/nepal_geography', 'database/data/nepal']

  async run() {
    const provinceRows = provinces.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      name_np: row.name_np,
      headquarters: row.headquarters,
      headquarters_np: row.headquarters_np,
    }))
    const districtRows = districts.map((row) => ({
      id: row.id,
      province_id: row.province_id,
      name: row.name,
      name_np: row.name_np,
      headquarters: row.headquarters,
      headquarters_np: row.headquarters_np,
    }))
    const localLevelRows = localLevels.map((row) => ({
      id: row.id,
      district_id: row.district_id,
      name: row.name,
      name_np: row.name_np,
      type: row.type,
      ward_count: row.ward_count,
    }))

    const trx = await this.client.transaction()
    try {
      for (const [table, rows] of [
        ['provinces', provinceRows],
        ['districts', districtRows],
        ['local_levels', localLevelRows],
      ] as const) {
        for (let start = 0; start < rows.length; start += BATCH_SIZE) {
          await trx
            .table(table)
            .multiInsert(rows.slice(start, start + BATCH_SIZE))
            .onConflict('id')
            .merge()
        }
      }
      await trx.commit()
    } catch (error) {
      await trx.rollback()
      throw error
    }
  }
}
