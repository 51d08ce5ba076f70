import Tenant from '#models/landlord/tenant'
import { createTenant } from '#actions/tenants/create_tenant'
import { TenantCommand } from '#tenancy/cli/tenant_command'

const DEMO = {
  slug: 'demo-party',
  name: 'Demo Party',
  nameNe: 'डेमो पार्टी',
  template: 'political_party_nepal',
  modules: ['election_campaign', 'social_media'],
}

export default class DemoSeed extends TenantCommand {
  static commandName = 'demo:seed'
  static description = 'Create and provision the demo party used by npm run dev (idempotent)'

  async run() {
    let tenant = await Tenant.findBy('slug', DEMO.slug)
    if (tenant?.status === 'active') {
      this.logger.info(`Demo party ${DEMO.slug} is ready (database ${tenant.dbName})`)
      return
    }
    tenant = tenant ?? (await createTenant(DEMO))
    if (await this.provisionWithProgress(tenant)) await this.#describeParty(tenant)
  }

  /**
   * A profile for the demo party's portal page, written in its own database.
   */
  async #describeParty(tenant: Tenant) {
    const { default: tenancy } = await import('#tenancy/services/tenancy')
    await tenancy.run(tenant, () =>
      tenancy
        .db()
        .from('parties')
        .update({
          description_translations: JSON.stringify({
            en: 'A demonstration party with sample settings, for trying Sangathan out.',
            ne: 'Sangathan चलाएर हेर्नका लागि नमुना सेटिङसहितको प्रदर्शन दल।',
          }),
          headquarters: 'Kathmandu',
          email: 'office@demo-party.example',
          website: 'https://demo-party.example',
        })
    )
  }
}
