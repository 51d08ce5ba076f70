import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import Tenant from '#models/landlord/tenant'
import { createTenant } from '#actions/tenants/create_tenant'
import { ProgressPrinter } from '#tenancy/cli/progress_printer'

const DEMO = {
  slug: 'demo-party',
  name: 'Demo Party',
  nameNe: 'डेमो पार्टी',
  template: 'political_party_nepal',
  modules: ['election_campaign', 'social_media'],
}

export default class DemoSeed extends BaseCommand {
  static commandName = 'demo:seed'
  static description = 'Create and provision the demo party used by npm run dev (idempotent)'
  static options: CommandOptions = { startApp: true }

  async run() {
    let tenant = await Tenant.findBy('slug', DEMO.slug)
    if (tenant?.status === 'active') {
      this.logger.info(`Demo party ${DEMO.slug} is ready (database ${tenant.dbName})`)
      return
    }
    tenant = tenant ?? (await createTenant(DEMO))
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const progress = new ProgressPrinter(process.stderr, DEMO.slug)
    try {
      const result = await provisioner.provision(tenant, {
        onProgress: (event) => progress.update(event),
      })
      progress.done()
      await this.#describeParty(tenant)
      this.logger.success(
        `Demo party ${DEMO.slug} provisioned: ${result.stats.migrations} migrations in ${result.stats.durationMs} ms`
      )
    } catch (error) {
      progress.done()
      this.logger.error(`Demo party could not be provisioned: ${(error as Error).message}`)
      this.exitCode = 1
    }
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
