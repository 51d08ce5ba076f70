import { BaseSeeder } from '@adonisjs/lucid/seeders'
import Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'

/**
 * Gives a new party database its `parties` row, named as the party was
 * registered in the landlord. Runs inside the tenant's context; leaves an
 * existing row (the party's own edits) alone.
 */
export default class PartyProfileSeeder extends BaseSeeder {
  async run() {
    const existing = await this.client.from('parties').select('id').first()
    if (existing) return
    const tenant = await Tenant.findOrFail(tenancy.currentOrFail().id)
    const names: Record<string, string> = { en: tenant.name }
    if (tenant.nameNe) names.ne = tenant.nameNe
    await this.client.table('parties').insert({ name_translations: JSON.stringify(names) })
  }
}
