import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import testUtils from '@adonisjs/core/services/test_utils'
import { Redis } from 'ioredis'
import Tenant from '#models/landlord/tenant'
import Domain from '#models/landlord/domain'
import TenantTemplate from '#models/landlord/tenant_template'
import { TenantResolver, type TenantResolverOptions } from '#tenancy/tenant_resolver'
import { HostCacheInvalidation } from '#tenancy/host_cache_invalidation'
import app from '@adonisjs/core/services/app'
import { randomSuffix, sleep } from '#tests/helpers/tenancy'

const ROOT = 'sangathan.test'

/**
 * The real resolver, counting the landlord lookups behind its cache misses.
 */
class CountingResolver extends TenantResolver {
  lookups: string[] = []

  protected async lookupHost(host: string) {
    this.lookups.push(host)
    return super.lookupHost(host)
  }

  lookupsOf(host: string) {
    return this.lookups.filter((name) => name === host).length
  }
}

async function statusFor(resolver: TenantResolver, host: string) {
  const tenant = await resolver.resolve(host)
  return tenant?.status
}

async function idFor(resolver: TenantResolver, host: string) {
  const tenant = await resolver.resolve(host)
  return tenant?.id
}

let invalidation: HostCacheInvalidation
const stopListening: (() => void)[] = []

function makeResolver(options: Partial<TenantResolverOptions> = {}) {
  const resolver = new CountingResolver({
    rootDomain: ROOT,
    reservedSlugs: ['admin', 'www'],
    cacheTtlMs: 60_000,
    negativeCacheTtlMs: 60_000,
    cacheMaxEntries: 100,
    ...options,
  })
  stopListening.push(invalidation.onChange(() => resolver.forget()))
  return resolver
}

async function makeTenant(status: Tenant['status'] = 'active') {
  const template = await TenantTemplate.findByOrFail('name', 'political_party_nepal')
  return Tenant.create({
    slug: `cache-${randomSuffix()}`,
    name: 'Cache Party',
    templateId: template.id,
    status,
  })
}

test.group('TenantResolver cache', (group) => {
  group.setup(async () => {
    invalidation = await app.container.make(HostCacheInvalidation)
  })
  group.each.setup(() => testUtils.db('landlord').withGlobalTransaction())
  group.each.teardown(() => {
    for (const stop of stopListening.splice(0)) stop()
  })

  test('10 000 random hosts never grow the cache past its bound', async ({ assert }) => {
    const resolver = makeResolver({ cacheMaxEntries: 500 })
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          resolver.resolve(`r${batch}-${index}-${randomSuffix()}.example.net`)
        )
      )
      assert.isAtMost(resolver.cacheSize, 500)
    }
    assert.equal(resolver.cacheSize, 500)
    assert.lengthOf(resolver.lookups, 10_000)
  }).timeout(60_000)

  test('a repeated unknown host reaches the landlord once per TTL', async ({ assert }) => {
    const resolver = makeResolver({ negativeCacheTtlMs: 300 })
    const host = `nobody-${randomSuffix()}.${ROOT}`

    // Concurrent first requests share one lookup; later ones hit the cache.
    const first = await Promise.all(Array.from({ length: 50 }, () => resolver.resolve(host)))
    assert.deepEqual([...new Set(first)], [null])
    for (let i = 0; i < 200; i++) assert.isNull(await resolver.resolve(host.toUpperCase()))
    assert.equal(resolver.lookupsOf(host), 1)

    await sleep(350)
    assert.isNull(await resolver.resolve(host))
    assert.equal(resolver.lookupsOf(host), 2)
  })

  test('the least recently used host is the one dropped', async ({ assert }) => {
    const resolver = makeResolver({ cacheMaxEntries: 3 })
    await resolver.resolve('a.example.net')
    await resolver.resolve('b.example.net')
    await resolver.resolve('c.example.net')
    await resolver.resolve('a.example.net') // a is now the most recent
    await resolver.resolve('d.example.net') // evicts b
    assert.equal(resolver.cacheSize, 3)

    await resolver.resolve('a.example.net')
    await resolver.resolve('c.example.net')
    assert.equal(resolver.lookupsOf('a.example.net'), 1)
    assert.equal(resolver.lookupsOf('c.example.net'), 1)
    await resolver.resolve('b.example.net')
    assert.equal(resolver.lookupsOf('b.example.net'), 2)
  })

  test('names that are not host names never reach the landlord', async ({ assert }) => {
    const resolver = makeResolver()
    for (const host of [
      '',
      'a b.example.net',
      "x'.example.net",
      'ü.example.net',
      'a'.repeat(254),
      '10.0.0.1',
    ]) {
      assert.isNull(await resolver.resolve(host))
    }
    assert.lengthOf(resolver.lookups, 0)
    assert.equal(resolver.cacheSize, 0)
  })

  test('a known party is served from the cache, and a suspension applies at once', async ({
    assert,
  }) => {
    const resolver = makeResolver()
    const tenant = await makeTenant()
    const host = `${tenant.slug}.${ROOT}`

    assert.equal(await statusFor(resolver, host), 'active')
    assert.equal(await statusFor(resolver, host), 'active')
    assert.equal(resolver.lookupsOf(host), 1)

    tenant.status = 'suspended'
    await tenant.save()
    assert.equal(await statusFor(resolver, host), 'suspended')
    assert.equal(resolver.lookupsOf(host), 2)
  })

  test('a new slug and a newly verified domain resolve at once despite the negative cache', async ({
    assert,
  }) => {
    const resolver = makeResolver()
    const tenant = await makeTenant()
    const renamedHost = `renamed-${randomSuffix()}.${ROOT}`
    const customHost = `party-${randomSuffix()}.example.org`
    assert.isNull(await resolver.resolve(renamedHost))
    assert.isNull(await resolver.resolve(customHost))

    tenant.slug = renamedHost.split('.')[0]
    await tenant.save()
    assert.equal(await idFor(resolver, renamedHost), tenant.id)

    const domain = await Domain.create({ tenantId: tenant.id, domain: customHost, isPrimary: true })
    assert.isNull(await resolver.resolve(customHost), 'an unverified domain serves nothing')
    domain.verifiedAt = DateTime.now()
    await domain.save()
    assert.equal(await idFor(resolver, customHost), tenant.id)

    await domain.delete()
    assert.isNull(await resolver.resolve(customHost))
  })

  test('a change announced by another process empties the cache', async ({ assert }) => {
    const resolver = makeResolver()
    const tenant = await makeTenant()
    const host = `${tenant.slug}.${ROOT}`
    assert.equal(await statusFor(resolver, host), 'active')

    // Another process suspends the party and announces it on the channel.
    await Tenant.query().where('id', tenant.id).update({ status: 'suspended' })
    assert.equal(await statusFor(resolver, host), 'active', 'not announced yet: cached')
    const otherProcess = new Redis(process.env.REDIS_URL!)
    try {
      await otherProcess.publish(invalidation.channelName, 'another-process')
      await sleep(100)
    } finally {
      otherProcess.disconnect()
    }
    assert.equal(await statusFor(resolver, host), 'suspended')
  })
})
