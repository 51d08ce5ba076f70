import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { dropTenant } from '#tests/helpers/tenancy'
import app from '@adonisjs/core/services/app'
import Domain from '#models/landlord/domain'
import { TenantResolver } from '#tenancy/tenant_resolver'
import { DateTime } from 'luxon'

const ROOT = process.env.TENANT_ROOT_DOMAIN ?? 'sangathan.test'

/**
 * Party portals on <slug>.<root>: each request runs in its own party's
 * context and reads that party's database only.
 */
test.group('Party portal hosts', (group) => {
  const suffix = randomBytes(3).toString('hex')
  const tenants: Tenant[] = []
  let first: Tenant
  let second: Tenant
  let pending: Tenant

  group.setup(async () => {
    first = await createTenant({
      slug: `portal-a-${suffix}`,
      name: 'Unity Party',
      nameNe: 'एकता पार्टी',
      template: 'political_party_nepal',
    })
    second = await createTenant({
      slug: `portal-b-${suffix}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
    })
    pending = await createTenant({
      slug: `portal-c-${suffix}`,
      name: 'Waiting Party',
      nameNe: 'प्रतीक्षा पार्टी',
      template: 'political_party_nepal',
    })
    tenants.push(first, second, pending)
    await provisioner.provision(first)
    await provisioner.provision(second)
  })

  group.teardown(async () => {
    for (const tenant of tenants) await dropTenant(tenant)
  })

  test('each party host shows the party named in its own database', async ({ client, assert }) => {
    const a = await client.get('/').header('Host', `${first.slug}.${ROOT}`)
    a.assertStatus(200)
    assert.include(a.text(), '<h1>Unity Party</h1>')
    assert.notInclude(a.text(), 'Progress Party')

    const aNepali = await client
      .get('/')
      .header('Host', `${first.slug}.${ROOT}`)
      .withCookie('locale', 'ne')
    assert.include(aNepali.text(), '<h1>एकता पार्टी</h1>')

    // The name shown is the one in the party's database, not the landlord's.
    await tenancy.run(second, () =>
      tenancy
        .db()
        .from('parties')
        .update({ name_translations: JSON.stringify({ en: 'Progress Party (renamed)' }) })
    )
    const b = await client.get('/').header('Host', `${second.slug}.${ROOT}`)
    assert.include(b.text(), '<h1>Progress Party (renamed)</h1>')
    const aAgain = await client.get('/').header('Host', `${first.slug}.${ROOT}`)
    assert.include(aAgain.text(), '<h1>Unity Party</h1>')
  })

  test('concurrent requests for two parties never see each other', async ({ client, assert }) => {
    const requests = Array.from({ length: 24 }, (_, index) => {
      const tenant = index % 2 === 0 ? first : second
      return client
        .get('/')
        .header('Host', `${tenant.slug}.${ROOT}`)
        .then((response) => ({ tenant, html: response.text() }))
    })
    for (const { tenant, html } of await Promise.all(requests)) {
      if (tenant === first) {
        assert.include(html, 'Unity Party')
        assert.notInclude(html, 'Progress Party')
      } else {
        assert.include(html, 'Progress Party')
        assert.notInclude(html, 'Unity Party')
      }
    }
  })

  test('a party that is not active answers 503 with a page', async ({ client, assert }) => {
    const response = await client
      .get('/')
      .header('Host', `${pending.slug}.${ROOT}`)
      .withCookie('locale', 'ne')
    response.assertStatus(503)
    response.assertHeader('retry-after', '300')
    assert.include(response.text(), 'प्रतीक्षा पार्टी')
    assert.include(response.text(), 'अझै तयार भएको छैन')

    first.status = 'suspended'
    await first.save()
    try {
      const suspended = await client.get('/').header('Host', `${first.slug}.${ROOT}`)
      suspended.assertStatus(503)
      assert.include(suspended.text(), 'The portal of Unity Party is suspended.')
    } finally {
      first.status = 'active'
      await first.save()
    }
  })

  test('unknown and reserved hosts are 404; the admin console is not on party hosts', async ({
    client,
    assert,
  }) => {
    const unknown = await client.get('/').header('Host', `no-such-party.${ROOT}`)
    unknown.assertStatus(404)
    assert.include(unknown.text(), 'Page not found')

    const reserved = await client.get('/').header('Host', `admin.${ROOT}`)
    reserved.assertStatus(404)

    const adminOnParty = await client.get('/admin/login').header('Host', `${first.slug}.${ROOT}`)
    adminOnParty.assertStatus(404)
  })

  test('the resolver finds a party by its custom domain and caches the lookup', async ({
    assert,
  }) => {
    const resolver = await app.container.make(TenantResolver)
    const host = `unity-${suffix}.example.org`
    assert.isNull(await resolver.resolve(host))
    resolver.forget(host)

    await Domain.create({
      tenantId: first.id,
      domain: host,
      isPrimary: true,
      verifiedAt: DateTime.now(),
    })
    const found = await resolver.resolve(host)
    assert.equal(found?.id, first.id)

    // Cached: removing the domain shows only after the cache is forgotten.
    await Domain.query().where('domain', host).delete()
    const cached = await resolver.resolve(host)
    assert.equal(cached?.id, first.id)
    resolver.forget(host)
    assert.isNull(await resolver.resolve(host))
  })

  test('a verified custom domain serves the party portal; an unverified one is 404', async ({
    client,
    assert,
  }) => {
    const verified = `www.unity-${suffix}.example.com`
    const unverified = `www.pending-${suffix}.example.com`
    await Domain.createMany([
      { tenantId: first.id, domain: verified, isPrimary: true, verifiedAt: DateTime.now() },
      { tenantId: second.id, domain: unverified, isPrimary: true },
    ])
    try {
      const portal = await client.get('/').header('Host', verified)
      portal.assertStatus(200)
      assert.include(portal.text(), '<h1>Unity Party</h1>')

      const notYet = await client.get('/').header('Host', unverified)
      notYet.assertStatus(404)
      assert.notInclude(notYet.text(), 'Progress Party')

      // The console is not reachable under a party's custom domain either.
      const adminPage = await client.get('/admin/login').header('Host', verified)
      adminPage.assertStatus(404)
    } finally {
      await Domain.query().whereIn('domain', [verified, unverified]).delete()
      const resolver = await app.container.make(TenantResolver)
      resolver.forget()
    }
  })
})
