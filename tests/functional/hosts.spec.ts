import { test } from '@japa/runner'
import type { ApiRequest } from '@japa/api-client'
import { DateTime } from 'luxon'
import testUtils from '@adonisjs/core/services/test_utils'
import Admin from '#models/landlord/admin'
import Domain from '#models/landlord/domain'
import Tenant from '#models/landlord/tenant'
import TenantTemplate from '#models/landlord/tenant_template'
import { randomSuffix } from '#tests/helpers/tenancy'
import { resetRateLimits } from '#tests/helpers/rate_limits'

const ROOT = process.env.TENANT_ROOT_DOMAIN ?? 'sangathan.test'

/** Status code of a request (no redirects followed). */
async function statusOf(request: ApiRequest) {
  const response = await request.redirects(0)
  return response.status()
}

/**
 * A party row (not provisioned: its portal answers 503 with its name).
 */
async function makeParty(name: string) {
  const template = await TenantTemplate.findByOrFail('name', 'political_party_nepal')
  return Tenant.create({ slug: `host-${randomSuffix()}`, name, templateId: template.id })
}

/**
 * Hosts are allow-listed: the console on its host, parties on theirs,
 * /health also on probe hosts, anything else 404 before any route runs.
 */
test.group('Host allow-list', (group) => {
  group.each.setup(() => testUtils.db('landlord').withGlobalTransaction())

  test('a foreign host gets 404 for the console, health, locale and static files', async ({
    client,
    assert,
  }) => {
    for (const host of ['evil.example.com', `${ROOT}`, '10.0.0.1', `admin.${ROOT}`]) {
      const login = await client.get('/admin/login').header('Host', host)
      login.assertStatus(404)
      assert.include(login.text(), 'Page not found')
      assert.notInclude(login.text(), "name='_csrf'")
      assert.equal(await statusOf(client.get('/health').header('Host', host)), 404)
      assert.equal(await statusOf(client.get('/').header('Host', host)), 404)
      assert.equal(await statusOf(client.get('/css/app.css').header('Host', host)), 404)
      const locale = await client.post('/locale').header('Host', host).form({ locale: 'ne' })
      locale.assertStatus(404)
      locale.assertCookieMissing('locale')
    }
  })

  test('the console answers on its own host only', async ({ client, assert }) => {
    const login = await client.get('/admin/login')
    login.assertStatus(200)
    assert.include(login.text(), 'Super-admin sign in')
    assert.equal(await statusOf(client.get('/health')), 200)
    assert.equal(await statusOf(client.get('/css/app.css')), 200)
  })

  test('probe hosts answer /health and nothing else', async ({ client, assert }) => {
    assert.equal(await statusOf(client.get('/health').header('Host', '127.0.0.1')), 200)
    assert.equal(await statusOf(client.get('/health').header('Host', '[::1]:3333')), 200)
    assert.equal(await statusOf(client.get('/admin/login').header('Host', '127.0.0.1')), 404)
    assert.equal(await statusOf(client.get('/').header('Host', '127.0.0.1')), 404)
    assert.equal(await statusOf(client.post('/health').header('Host', '127.0.0.1')), 404)
  })

  test('a party host serves its portal, never the console or /health', async ({
    client,
    assert,
  }) => {
    const party = await makeParty('Hosted Party')
    const host = `${party.slug}.${ROOT}`
    const portal = await client.get('/').header('Host', host)
    portal.assertStatus(503)
    assert.include(portal.text(), 'Hosted Party')
    assert.equal(await statusOf(client.get('/admin/login').header('Host', host)), 404)
    assert.equal(await statusOf(client.get('/admin').header('Host', host)), 404)
    assert.equal(await statusOf(client.get('/health').header('Host', host)), 404)
  })

  test('a custom domain reaches the portal once verified', async ({ client, assert }) => {
    const party = await makeParty('Custom Party')
    const host = `portal-${randomSuffix()}.example.org`
    const domain = await Domain.create({ tenantId: party.id, domain: host, isPrimary: true })

    const before = await client.get('/').header('Host', host).redirects(0)
    before.assertStatus(404)
    assert.notInclude(before.text(), 'Custom Party')

    domain.verifiedAt = DateTime.now()
    await domain.save()
    const after = await client.get('/').header('Host', host)
    after.assertStatus(503)
    assert.include(after.text(), 'Custom Party')
  })

  test('forged X-Forwarded-Host neither reaches the console from a party host nor a party from a foreign one', async ({
    client,
    assert,
  }) => {
    const party = await makeParty('Forwarded Party')
    const partyHost = `${party.slug}.${ROOT}`

    const onParty = await client
      .get('/admin/login')
      .header('Host', partyHost)
      .header('X-Forwarded-Host', 'localhost')
    onParty.assertStatus(404)
    assert.notInclude(onParty.text(), 'Super-admin sign in')

    const foreign = await client
      .get('/')
      .header('Host', 'evil.example.com')
      .header('X-Forwarded-Host', partyHost)
    foreign.assertStatus(404)
    assert.notInclude(foreign.text(), 'Forwarded Party')
  })
})

test.group('Forwarded client address', (group) => {
  group.each.setup(() => testUtils.db('landlord').withGlobalTransaction())
  group.each.setup(() => resetRateLimits())

  test('a forged X-Forwarded-For does not escape the login lockout', async ({ client }) => {
    const admin = await Admin.create({
      fullName: 'Forwarded Operator',
      email: 'forwarded@sangathan.test',
      password: 'correct-horse-battery',
    })
    for (let attempt = 0; attempt < 5; attempt++) {
      await client
        .post('/admin/login')
        .header('X-Forwarded-For', `198.51.100.${attempt + 1}`)
        .form({ email: admin.email, password: 'wrong-password' })
        .withCsrfToken()
        .redirects(0)
    }

    const fresh = await client
      .post('/admin/login')
      .header('X-Forwarded-For', '198.51.100.200')
      .form({ email: admin.email, password: 'correct-horse-battery' })
      .withCsrfToken()
      .redirects(0)
    fresh.assertHeader('location', '/admin/login')
    fresh.assertFlashMessage('error', 'Too many failed attempts. Try again in 15 minutes.')
  })
})
