import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { HostAllowList } from '#tenancy/host_allow_list'
import { TenantResolver } from '#tenancy/tenant_resolver'

function allowList(consoleHost: string) {
  const resolver = new TenantResolver({
    rootDomain: 'sangathan.app',
    reservedSlugs: ['admin', 'www'],
    cacheTtlMs: 1000,
  })
  return new HostAllowList(resolver, {
    consoleHost,
    probeHosts: ['localhost', '127.0.0.1', '[::1]'],
  })
}

async function kindOf(hosts: HostAllowList, host: string | null) {
  const surface = await hosts.classify(host)
  return surface?.kind ?? null
}

test.group('HostAllowList', (group) => {
  group.each.setup(() => testUtils.db('landlord').withGlobalTransaction())

  test('without ADMIN_DOMAIN the console is on the root domain only', async ({ assert }) => {
    const hosts = allowList('sangathan.app')
    assert.equal(await kindOf(hosts, 'sangathan.app'), 'console')
    assert.equal(await kindOf(hosts, 'Sangathan.App.'), 'console')
    assert.isNull(await kindOf(hosts, 'admin.sangathan.app'))
    assert.isNull(await kindOf(hosts, 'www.sangathan.app'))
    assert.isNull(await kindOf(hosts, 'sangathan.app.evil.com'))
    assert.isNull(await kindOf(hosts, null))
  })

  test('with ADMIN_DOMAIN the root domain serves nothing', async ({ assert }) => {
    const hosts = allowList('admin.sangathan.app')
    assert.equal(await kindOf(hosts, 'admin.sangathan.app'), 'console')
    assert.isNull(await kindOf(hosts, 'sangathan.app'))
  })

  test('loopback names are probe hosts unless one is the console', async ({ assert }) => {
    assert.equal(await kindOf(allowList('sangathan.app'), '127.0.0.1'), 'probe')
    assert.equal(await kindOf(allowList('sangathan.app'), '[::1]'), 'probe')
    assert.equal(await kindOf(allowList('localhost'), 'localhost'), 'console')
    assert.isNull(await kindOf(allowList('sangathan.app'), '10.0.0.1'))
  })
})
