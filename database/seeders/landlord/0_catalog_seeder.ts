import { BaseSeeder } from '@adonisjs/lucid/seeders'
import TenantTemplate from '#models/landlord/tenant_template'
import TemplateModule from '#models/landlord/template_module'

/**
 * The templates and modules the platform offers. Idempotent: re-running
 * updates descriptions and versions, keeps ids.
 */
export default class CatalogSeeder extends BaseSeeder {
  async run() {
    await TenantTemplate.updateOrCreateMany('name', [
      {
        name: 'political_party_nepal',
        displayName: 'Political party (Nepal)',
        description:
          'Members, committee hierarchy from central to ward, donations under the Election Commission rules, financial reports by fiscal year, audit log.',
        version: '1.0.0',
        isActive: true,
        config: { locales: ['ne', 'en'], calendar: 'bikram_sambat', currency: 'NPR' },
      },
    ])

    await TemplateModule.updateOrCreateMany('name', [
      {
        name: 'membership',
        displayName: 'Membership management',
        description: 'Membership cards, renewals and fees.',
        version: '1.0.0',
        isActive: true,
        dependsOn: [],
      },
      {
        name: 'finance_tracking',
        displayName: 'Finance tracking',
        description: 'Budgets and expenses by fiscal year.',
        version: '1.0.0',
        isActive: true,
        dependsOn: [],
      },
      {
        name: 'election_campaign',
        displayName: 'Election campaigns',
        description: 'Campaigns, FPTP and PR candidates, polling centres, events and results.',
        version: '1.0.0',
        isActive: true,
        dependsOn: ['membership'],
      },
      {
        name: 'social_media',
        displayName: 'Social media',
        description: 'Social media accounts and scheduled posts.',
        version: '1.0.0',
        isActive: true,
        dependsOn: [],
      },
    ])
  }
}
