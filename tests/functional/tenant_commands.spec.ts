import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import { runAce } from '#tests/helpers/ace'
import { dropTenant } from '#tests/helpers/tenancy'
import { rm } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import tenancyConfig from '#config/tenancy'
import StaffUser from '#models/party/staff_user'
import { HostCacheInvalidation } from '#tenancy/host_cache_invalidation'

/**
 * The operator's path through the ace commands, in separate processes,
 * against the real political_party_nepal template.
 */
test.group('tenant:* commands', (group) => {
  const slug = `cli-${randomBytes(3).toString('hex')}`

  group.teardown(async () => {
    await dropTenant(await Tenant.findBy('slug', slug))
  })

  test('tenant:create --sync provisions a party with progress and the full geography', async ({
    assert,
  }) => {
    // The command's tenant changes reach this process's host caches over Redis.
    const invalidation = await app.container.make(HostCacheInvalidation)
    let heard = 0
    const stopListening = invalidation.onChange(() => (heard += 1))
    const result = await runAce([
      'tenant:create',
      `--slug=${slug}`,
      '--name=CLI Party',
      '--name-ne=सीएलआई पार्टी',
      '--template=political_party_nepal',
      '--modules=election_campaign',
      '--sync',
    ])
    assert.equal(result.exitCode, 0, result.stdout + result.stderr)
    assert.include(result.stdout, `${slug} is active`)
    stopListening()
    assert.notInclude(result.stderr, 'could not announce')
    assert.isAbove(heard, 0, 'the command announced its tenant changes')
    assert.match(result.stderr, /basic .*0001_create_users_table/)
    assert.match(result.stderr, /template .*create_members_table/)

    const tenant = await Tenant.findByOrFail('slug', slug)
    assert.equal(tenant.status, 'active')
    const counts = await tenancy.run(tenant, async () => {
      const row = await tenancy.db().rawQuery(
        `select (select count(*) from provinces) as provinces, (select count(*) from districts) as districts,
                  (select count(*) from local_levels) as local_levels, (select sum(ward_count) from local_levels) as wards`
      )
      return row.rows[0]
    })
    assert.deepEqual(
      { ...counts },
      { provinces: '7', districts: '77', local_levels: '753', wards: '6743' }
    )

    // The first party admin's sign-in is printed once, and it works.
    const email = /^Email: (\S+)$/m.exec(result.stdout)?.[1]
    const password = /^Password: (\S+)$/m.exec(result.stdout)?.[1]
    assert.equal(email, `admin@${slug}.${tenancyConfig.rootDomain}`)
    const admin = await tenancy.run(tenant, () => StaffUser.verifyCredentials(email!, password!))
    assert.equal(admin.role, 'admin')
  })

  test('tenant:list --json prints one JSON document with the modules', async ({ assert }) => {
    const result = await runAce(['tenant:list', '--json'])
    assert.equal(result.exitCode, 0, result.stderr)
    const listed = JSON.parse(result.stdout).tenants.find(
      (tenant: { slug: string }) => tenant.slug === slug
    )
    assert.equal(listed.status, 'active')
    assert.deepEqual(listed.modules, ['election_campaign', 'membership'])
    assert.include(listed.database, `/${tenancyConfig.databasePrefix}cli_`)
  })

  test('tenant:drift exits 0 when clean and 1 after a manual ALTER, naming the change', async ({
    assert,
  }) => {
    const clean = await runAce(['tenant:drift', slug])
    assert.equal(clean.exitCode, 0, clean.stdout + clean.stderr)
    assert.include(clean.stdout, 'no drift')

    const tenant = await Tenant.findByOrFail('slug', slug)
    const client = new pg.Client({
      ...tenancy.connections.serverFor(tenant),
      database: tenant.dbName!,
    })
    await client.connect()
    await client.query('alter table members add column nickname text')
    await client.end()

    const drifted = await runAce(['tenant:drift', slug])
    assert.equal(drifted.exitCode, 1)
    assert.include(drifted.stdout, '+ column members.nickname text')

    const json = await runAce(['tenant:drift', slug, '--json'])
    assert.equal(json.exitCode, 1)
    const document = JSON.parse(json.stdout)
    assert.equal(document.drifted, 1)
    assert.property(document.tenants[0].report.tables.changed.members.columns.added, 'nickname')
  })

  test('tenant:migrate skips a drifted tenant, exiting 1 and naming it, until the drift is accepted', async ({
    assert,
  }) => {
    // With nothing pending the landlord answers and the database is not opened: no drift check.
    const noop = await runAce(['tenant:migrate', `--tenant=${slug}`, '--json'])
    assert.equal(noop.exitCode, 0, noop.stderr)
    assert.deepInclude(JSON.parse(noop.stdout).tenants[0], { slug, status: 'ok', applied: 0 })

    const skipped = await runAce(['tenant:migrate', `--tenant=${slug}`, '--json', '--full'])
    assert.equal(skipped.exitCode, 1, skipped.stderr)
    const document = JSON.parse(skipped.stdout)
    assert.equal(document.tenants[0].status, 'skipped')
    assert.equal(document.skipped, 1)
    assert.include(skipped.stderr, `Not migrated: ${slug} (schema drift`)

    const accepted = await runAce(['tenant:drift', slug, '--accept'])
    assert.equal(accepted.exitCode, 0)
    const clean = await runAce(['tenant:drift', slug])
    assert.equal(clean.exitCode, 0)

    const migrated = await runAce(['tenant:migrate', `--tenant=${slug}`, '--json', '--full'])
    assert.equal(migrated.exitCode, 0, migrated.stderr)
    assert.deepInclude(JSON.parse(migrated.stdout).tenants[0], { slug, status: 'ok', applied: 0 })
  })

  test('tenant:status --json lists every layer with nothing pending', async ({ assert }) => {
    const result = await runAce(['tenant:status', slug, '--json'])
    assert.equal(result.exitCode, 0, result.stderr)
    const layers = JSON.parse(result.stdout).tenants[0].layers
    assert.deepEqual(
      layers.map((layer: { layer: string }) => layer.layer),
      ['basic', 'template', 'module:membership', 'module:election_campaign']
    )
    for (const layer of layers) assert.lengthOf(layer.pending, 0)
    assert.isAbove(layers[1].applied.length, 10)
  })

  test('tenant:create refuses a reserved slug and an unknown template', async ({ assert }) => {
    const result = await runAce([
      'tenant:create',
      '--slug=admin',
      '--name=Nope',
      '--template=no_such_template',
    ])
    assert.equal(result.exitCode, 1)
    const output = result.stdout + result.stderr
    assert.include(output, '"admin" is reserved')
    assert.include(output, 'unknown template "no_such_template"')
  })

  test('tenant:provision of an unknown slug exits 1', async ({ assert }) => {
    const result = await runAce(['tenant:provision', 'no-such-party'])
    assert.equal(result.exitCode, 1)
    assert.include(result.stdout + result.stderr, 'No tenant "no-such-party"')
  })
})

/**
 * Commands pointed at one party change that party's database and no other.
 */
test.group('tenant:* commands touch only the tenant they name', (group) => {
  const suffix = randomBytes(3).toString('hex')
  const slugs = [`iso-a-${suffix}`, `iso-b-${suffix}`]
  const customFolder = app.makePath('database/migrations/tenant/custom', slugs[0])
  let tenants: Tenant[] = []

  group.setup(async () => {
    tenants = []
    for (const slug of slugs) {
      const tenant = await createTenant({ slug, name: slug, template: 'political_party_nepal' })
      await provisioner.provision(tenant)
      tenants.push(tenant)
    }
  })

  group.teardown(async () => {
    await rm(customFolder, { recursive: true, force: true })
    for (const tenant of tenants) await dropTenant(tenant)
  })

  const hasTable = (tenant: Tenant, table: string) =>
    tenancy.run(tenant, async () => tenancy.db().schema.hasTable(table))

  test('make:tenant-migration, tenant:migrate:custom and tenant:rollback act on one party', async ({
    assert,
  }) => {
    const [a, b] = tenants
    const made = await runAce([
      'make:tenant-migration',
      'create_pledges',
      '--layer=custom',
      `--tenant=${a.slug}`,
    ])
    assert.equal(made.exitCode, 0, made.stderr)
    assert.include(made.stdout, `custom/${a.slug}/0001_create_pledges.ts`)

    const migrated = await runAce(['tenant:migrate:custom', a.slug])
    assert.equal(migrated.exitCode, 0, migrated.stdout + migrated.stderr)
    assert.include(migrated.stdout, '1 custom migration(s) applied')
    assert.isTrue(await hasTable(a, 'pledges'))
    assert.isFalse(await hasTable(b, 'pledges'))

    const other = await runAce(['tenant:migrate:custom', b.slug])
    assert.equal(other.exitCode, 0)
    assert.include(other.stdout, 'has no custom migrations folder')
    assert.isFalse(await hasTable(b, 'pledges'))

    // No terminal to confirm on: refused until --force.
    const unconfirmed = await runAce(['tenant:rollback', a.slug, '--layer=custom'])
    assert.equal(unconfirmed.exitCode, 1)
    assert.include(unconfirmed.stderr, 'There is no terminal to ask on: run it again with --force')
    assert.isTrue(await hasTable(a, 'pledges'))

    const rolledBack = await runAce(['tenant:rollback', a.slug, '--layer=custom', '--force'])
    assert.equal(rolledBack.exitCode, 0, rolledBack.stderr)
    assert.isFalse(await hasTable(a, 'pledges'))
  })

  test('tenant:migrate --tenant=a leaves b alone, and names an unknown tenant', async ({
    assert,
  }) => {
    const [a] = tenants
    const result = await runAce(['tenant:migrate', `--tenant=${a.slug},no-such-party`, '--json'])
    assert.equal(result.exitCode, 1)
    const lines = JSON.parse(result.stdout).tenants
    assert.deepEqual(
      lines.map((line: { slug: string; status: string }) => [line.slug, line.status]).sort(),
      [
        [a.slug, 'ok'],
        ['no-such-party', 'unknown'],
      ]
    )
  })
})
