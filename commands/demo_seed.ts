import Tenant from '#models/landlord/tenant'
import { createTenant } from '#actions/tenants/create_tenant'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import type { StaffCredentials } from '#actions/staff/ensure_first_admin'

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
    const { default: tenancy } = await import('#tenancy/services/tenancy')
    let tenant = await Tenant.findBy('slug', DEMO.slug)
    if (tenant?.status !== 'active') {
      tenant = tenant ?? (await createTenant(DEMO))
      if (!(await this.provisionWithProgress(tenant))) return
      await this.#describeParty(tenant)
    } else {
      // A new .env (fresh APP_KEY) cannot decrypt the stored role password of a demo
      // party made before it: demo data only, so give the role a new one (or keep it).
      const { TenantDatabases } = await import('#tenancy/tenant_databases')
      const { changes } = await new TenantDatabases(tenancy.connections).secure(tenant, () =>
        tenant!.save()
      )
      for (const change of changes) this.logger.info(`Demo party ${DEMO.slug}: ${change}`)
      // A demo party made before the latest migrations gets them, as a deploy would.
      const { default: provisioner } = await import('#tenancy/services/provisioner')
      const migrated = await provisioner.migrate(tenant, { allowDrift: true })
      if (migrated.applied > 0) {
        this.logger.info(`Demo party ${DEMO.slug}: ${migrated.applied} new migration(s) applied`)
      }
      this.logger.info(`Demo party ${DEMO.slug} is ready (database ${tenant.dbName})`)
    }
    await tenancy.run(tenant, async () => {
      const [{ total }] = await tenancy.db().from('members').count('* as total')
      if (Number(total) > 0) return
      const { addDemoMembers } = await import('#party/members/demo_members')
      await addDemoMembers(tenancy.db(), 300)
      this.logger.info('Added 300 sample members to the demo party')
    })
    await tenancy.run(tenant, async () => {
      const { addDemoDonations } = await import('#party/donations/demo_donations')
      const added = await addDemoDonations()
      if (added > 0) this.logger.info(`Added ${added} sample donations to the demo party`)
    })
    // The election campaign module's sample campaign, when the demo party has the module.
    const { tenantModuleNames } = await import('#tenancy/tenant_modules')
    const modules = await tenantModuleNames(tenant.id)
    if (modules.has('election_campaign')) {
      const { addDemoCampaign } = await import('#party/campaigns/demo_campaign')
      const added = await tenancy.run(tenant, () => addDemoCampaign(tenancy.db()))
      if (added) this.logger.info('Added a sample election campaign to the demo party')
    }
    await tenancy.run(tenant, async () => {
      if (await tenancy.db().from('central_committees').first()) return
      const { addDemoCommittees } = await import('#party/committees/demo_committees')
      await addDemoCommittees(tenancy.db())
      this.logger.info('Added sample committees to the demo party')
    })
    await tenancy.run(tenant, async () => {
      const { addDemoFinance } = await import('#party/finance/demo_finance')
      const added = await addDemoFinance()
      if (added.entries > 0) {
        this.logger.info(
          `Added ${added.entries} sample book entries and the ${added.report} report`
        )
      }
    })
    // Demo data only: a fresh password on every run, so npm run dev can always print one.
    const { resetFirstAdminPassword } = await import('#actions/staff/ensure_first_admin')
    this.#printStaffLogin(await tenancy.run(tenant, () => resetFirstAdminPassword()))
  }

  #printStaffLogin(credentials: StaffCredentials) {
    this.logger.log(
      [
        `Demo party staff login: http://${DEMO.slug}.${process.env.TENANT_ROOT_DOMAIN}:${process.env.PORT}/login`,
        `Email: ${credentials.email}`,
        `Password: ${credentials.password}`,
      ].join('\n')
    )
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
