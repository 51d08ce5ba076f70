import { test } from '@japa/runner'
import { TenantResolver } from '#tenancy/tenant_resolver'

const resolver = new TenantResolver({
  rootDomain: 'sangathan.app',
  reservedSlugs: ['admin', 'www', 'api'],
  cacheTtlMs: 1000,
})

test.group('TenantResolver host parsing', () => {
  test('takes the slug from <slug>.<root>', ({ assert }) => {
    assert.equal(resolver.slugFromHost('demo-party.sangathan.app'), 'demo-party')
    assert.equal(resolver.slugFromHost('Demo-Party.Sangathan.App.'), 'demo-party')
  })

  test('the root, reserved subdomains, deeper subdomains and other domains have no slug', ({
    assert,
  }) => {
    assert.isNull(resolver.slugFromHost('sangathan.app'))
    assert.isNull(resolver.slugFromHost('admin.sangathan.app'))
    assert.isNull(resolver.slugFromHost('www.sangathan.app'))
    assert.isNull(resolver.slugFromHost('a.b.sangathan.app'))
    assert.isNull(resolver.slugFromHost('evilsangathan.app'))
    assert.isNull(resolver.slugFromHost('party.example.org'))
  })
})
