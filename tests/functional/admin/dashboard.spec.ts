import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Admin from '#models/landlord/admin'
import { createTenant } from '#actions/tenants/create_tenant'

test.group('Admin dashboard', (group) => {
  group.each.setup(() => testUtils.db('landlord').withGlobalTransaction())

  test('lists parties with status, template and modules, in the chosen language', async ({
    client,
    assert,
  }) => {
    const admin = await Admin.create({
      fullName: 'Operator',
      email: 'dash@sangathan.test',
      password: 'dashboard-pass-1',
    })
    const tenant = await createTenant({
      slug: 'janata-party',
      name: 'Janata Party',
      nameNe: 'जनता पार्टी',
      template: 'political_party_nepal',
      modules: ['election_campaign'],
    })
    tenant.status = 'failed'
    tenant.provisioningError = 'Migration x failed (stage template)'
    await tenant.save()

    const english = await client.get('/admin').loginAs(admin)
    english.assertStatus(200)
    const html = english.text()
    assert.include(html, 'Janata Party')
    assert.include(html, 'janata-party')
    assert.include(html, 'Failed')
    assert.include(html, 'Migration x failed (stage template)')
    assert.include(html, 'Election campaigns, Membership management')

    const nepali = await client.get('/admin').loginAs(admin).withCookie('locale', 'ne')
    assert.include(nepali.text(), 'जनता पार्टी')
    assert.include(nepali.text(), 'असफल')
    assert.include(nepali.text(), 'निर्वाचन अभियान, सदस्यता व्यवस्थापन')
  })
})
