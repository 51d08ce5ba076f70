import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Admin from '#models/landlord/admin'
import Tenant from '#models/landlord/tenant'
import JobRun from '#models/landlord/job_run'
import { QUEUES } from '#services/job_queue'
import Domain from '#models/landlord/domain'
import { verifyDomain } from '#actions/tenants/custom_domains'
import { createTenant } from '#actions/tenants/create_tenant'
import provisioner from '#tenancy/services/provisioner'
import { emptyQueue } from '#tests/helpers/queues'
import { TenancyFixtures, databaseExists, dropTenant, randomSuffix } from '#tests/helpers/tenancy'
import tenancy from '#tenancy/services/tenancy'

async function operator() {
  return Admin.firstOrCreate(
    { email: 'console-operator@sangathan.test' },
    { fullName: 'Console Operator', password: 'console-password-1' }
  )
}

test.group('Console: parties', (group) => {
  const fixtures = new TenancyFixtures()
  const made: Tenant[] = []
  group.setup(() => emptyQueue())
  group.teardown(async () => {
    for (const tenant of made) await dropTenant(await Tenant.find(tenant.id))
    await fixtures.cleanup()
    await emptyQueue()
  })

  test('every console page and action needs a super-admin', async ({ client }) => {
    for (const path of [
      '/admin/tenants',
      '/admin/tenants/new',
      '/admin/jobs',
      '/admin/tenants/x',
    ]) {
      const response = await client.get(path).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', '/admin/login')
    }
    const post = await client.post('/admin/tenants/x/suspend').withCsrfToken().redirects(0)
    post.assertStatus(302)
    post.assertHeader('location', '/admin/login')
  })

  test('the list searches names in either script and filters by status', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const template = await fixtures.template()
    const congress = await fixtures.tenant(template)
    congress.nameNe = `नेपाली कांग्रेस ${randomSuffix()}`
    await congress.save()
    const other = await fixtures.tenant(template, { status: 'failed' })

    const byNepali = await client.get('/admin/tenants').qs({ q: 'कांग्रेस' }).loginAs(admin)
    byNepali.assertStatus(200)
    assert.include(byNepali.text(), congress.slug)
    assert.notInclude(byNepali.text(), other.slug)

    const failed = await client.get('/admin/tenants').qs({ status: 'failed' }).loginAs(admin)
    assert.include(failed.text(), other.slug)
    assert.notInclude(failed.text(), congress.slug)

    // LIKE wildcards are searched for literally, and an unknown status filters nothing.
    const wildcard = await client
      .get('/admin/tenants')
      .qs({ q: '%', status: 'bogus' })
      .loginAs(admin)
    wildcard.assertStatus(200)
    assert.notInclude(wildcard.text(), congress.slug)
  })

  test('the slug check says why a slug cannot be used, in the reader language', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const template = await fixtures.template()
    const taken = await fixtures.tenant(template)
    const check = (slug: string, locale = 'en') =>
      client
        .get('/admin/tenants/slug-check')
        .qs({ slug })
        .header('Accept-Language', locale)
        .loginAs(admin)

    const free = await check(`Free-${randomSuffix()}`)
    free.assertStatus(200)
    assert.isTrue(free.body().available)
    assert.match(free.body().host, /^free-[0-9a-f]{8}\.sangathan\.test$/)

    const used = await check(taken.slug)
    assert.isFalse(used.body().available)
    assert.equal(used.body().message, 'Another party already uses this address')

    const reserved = await check('admin', 'ne')
    assert.isFalse(reserved.body().available)
    assert.equal(reserved.body().message, 'यो ठेगाना प्लेटफर्मका लागि सुरक्षित छ')

    for (const bad of ['नेपाल', 'ab', '-abc', 'a--b', 'x'.repeat(41)]) {
      const response = await check(bad)
      assert.isFalse(response.body().available, bad)
    }
  })

  test('the wizard offers active templates and modules, inactive ones disabled', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const retired = await fixtures.module({ isActive: false })
    const page = await client
      .get('/admin/tenants/new')
      .header('Accept-Language', 'ne')
      .loginAs(admin)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'data-test="wizard"')
    assert.include(html, 'राजनीतिक दल (नेपाल)')
    assert.match(html, /value="political_party_nepal"\s+x-model="template"\s*>/)
    assert.match(html, new RegExp(`value="${retired.name}"[^>]*disabled`))
    assert.include(html, 'चाहिन्छ: सदस्यता व्यवस्थापन')
  })

  test('the wizard checks every step again on the server', async ({ client, assert }) => {
    const admin = await operator()
    const response = await client
      .post('/admin/tenants')
      .form({
        'name': 'X',
        'slug': 'admin',
        'contact_email': 'not-an-email',
        'template': 'no_such_template',
        'modules[]': ['membership', 'no_such_module'],
      })
      .withCsrfToken()
      .header('Accept-Language', 'en')
      .header('Referer', '/admin/tenants/new')
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/admin/tenants/new')
    const errors = (response.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
    assert.properties(errors, ['name', 'slug', 'contact_email', 'template', 'modules'])
    assert.include(errors.slug.join(' '), 'reserved')
    assert.equal(await Tenant.findBy('slug', 'admin'), null)
  })

  test('the wizard creates the party with module dependencies and queues its provisioning', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const slug = `wiz-${randomSuffix()}`
    const response = await client
      .post('/admin/tenants')
      .form({
        'name': 'Wizard Party',
        'name_ne': 'विजार्ड पार्टी',
        'slug': slug.toUpperCase(),
        'contact_email': 'office@wizard.example',
        'contact_phone': '+977 1 4000000',
        'template': 'political_party_nepal',
        'modules[]': ['election_campaign'],
      })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', `/admin/tenants/${slug}`)

    const tenant = await Tenant.query().where('slug', slug).preload('modules').firstOrFail()
    made.push(tenant)
    assert.equal(tenant.status, 'pending')
    assert.equal(tenant.nameNe, 'विजार्ड पार्टी')
    assert.equal(tenant.contactEmail, 'office@wizard.example')
    assert.sameMembers(
      tenant.modules.map((module) => module.name),
      ['election_campaign', 'membership']
    )
    const run = await JobRun.query().where('tenant_id', tenant.id).firstOrFail()
    assert.equal(run.name, 'provision-tenant')
    assert.equal(run.status, 'queued')
    assert.equal(run.maxAttempts, 3)

    const page = await client.get(`/admin/tenants/${slug}`).loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), 'data-test="provisioning"')
    const progress = await client.get(`/admin/tenants/${slug}/progress`).loginAs(admin)
    assert.deepInclude(progress.body(), { settled: false })
    assert.equal(progress.body().run.status, 'queued')

    // The same slug a second time is refused, not a second tenant.
    const again = await client
      .post('/admin/tenants')
      .form({ name: 'Copy', slug, template: 'political_party_nepal' })
      .withCsrfToken()
      .header('Referer', '/admin/tenants/new')
      .loginAs(admin)
      .redirects(0)
    const againErrors = (again.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
    assert.include((againErrors.slug ?? []).join(' '), 'already uses')
  })

  test('a failed provisioning shows its error with a retry that queues it again', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const template = await fixtures.template()
    const tenant = await fixtures.tenant(template, { status: 'failed' })
    tenant.provisioningError = 'Migration 0003_x failed: boom (stage template, migration 0003_x)'
    await tenant.save()

    const page = await client.get(`/admin/tenants/${tenant.slug}`).loginAs(admin)
    assert.include(page.text(), 'data-test="provisioning-error"')
    assert.include(page.text(), 'stage template, migration 0003_x')
    assert.include(page.text(), 'data-test="retry"')

    const retry = await client
      .post(`/admin/tenants/${tenant.slug}/retry`)
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    retry.assertStatus(302)
    const runs = await JobRun.query().where('tenant_id', tenant.id)
    assert.lengthOf(runs, 1)

    // An active party is never re-provisioned from the console.
    const active = await fixtures.tenant(template, { status: 'active' })
    const refused = await client
      .post(`/admin/tenants/${active.slug}/retry`)
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.include(refused.flashMessages().error, 'Only a pending or failed party')
    assert.lengthOf(await JobRun.query().where('tenant_id', active.id), 0)
  })

  test('suspend takes the portal offline and resume brings it back', async ({ client, assert }) => {
    const admin = await operator()
    const template = await fixtures.template()
    const tenant = await fixtures.bareTenant(template)

    await client
      .post(`/admin/tenants/${tenant.slug}/suspend`)
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    await tenant.refresh()
    assert.equal(tenant.status, 'suspended')
    const offline = await client.get('/').header('Host', `${tenant.slug}.sangathan.test`)
    offline.assertStatus(503)

    await client
      .post(`/admin/tenants/${tenant.slug}/resume`)
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    await tenant.refresh()
    assert.equal(tenant.status, 'active')

    // Resuming an active party is refused with a message, nothing changes.
    const again = await client
      .post(`/admin/tenants/${tenant.slug}/resume`)
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.include(again.flashMessages().error, 'Only a suspended party')
  })

  test('the drift page classifies changes and accepting needs the confirmation', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const template = await fixtures.template()
    const tenant = await fixtures.bareTenant(template)
    await fixtures.provisioner.acceptDrift(tenant)
    await tenancy.run(tenant, () =>
      tenancy.db().rawQuery('create table hotfix_notes (id serial primary key, body text not null)')
    )

    const page = await client.get(`/admin/tenants/${tenant.slug}/drift`).loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), 'data-test="drift-report"')
    assert.include(page.text(), 'hotfix_notes')

    const unconfirmed = await client
      .post(`/admin/tenants/${tenant.slug}/drift/accept`)
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.include(unconfirmed.flashMessages().error, 'confirmation')
    assert.isTrue(await fixtures.provisioner.detectSchemaDrift(tenant))

    await client
      .post(`/admin/tenants/${tenant.slug}/drift/accept`)
      .form({ confirm: 'yes' })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.isFalse(await fixtures.provisioner.detectSchemaDrift(tenant))
    const clean = await client.get(`/admin/tenants/${tenant.slug}/drift`).loginAs(admin)
    assert.include(clean.text(), 'data-test="no-drift"')
  })

  test('failed jobs are listed with their party, error and attempts', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const template = await fixtures.template()
    const tenant = await fixtures.tenant(template)
    const missing = `x_${randomSuffix()}`
    const run = await JobRun.create({
      name: 'migrate-tenant',
      queue: QUEUES.tenantMigrations,
      mode: 'redis',
      tenantId: tenant.id,
      payload: { tenantId: tenant.id },
      status: 'failed',
      attempts: 1,
      maxAttempts: 1,
      error: `relation "${missing}" does not exist`,
      finishedAt: DateTime.fromISO('2026-01-01T18:20:00Z'),
    })
    const page = await client.get('/admin/jobs').loginAs(admin)
    // In Nepal time (UTC+05:45), with its zone, whatever the server's zone.
    assert.match(page.text(), /Jan 2, 2026, 12:05\sAM GMT\+5:45/)
    page.assertStatus(200)
    assert.include(page.text(), `relation &quot;${missing}&quot; does not exist`)
    assert.include(page.text(), tenant.name)
    // Each tab shows how many runs it holds.
    const counts = await JobRun.query().select('status').count('* as total').groupBy('status')
    const failedCount = counts.find((row) => row.status === 'failed')!.$extras.total
    assert.isAbove(Number(failedCount), 0)
    const tab = (status: string) => {
      const match = page
        .text()
        .match(new RegExp(`data-test="tab-${status}">[\\s\\S]*?<span[^>]*>(\\d+)<`))
      return match ? Number(match[1]) : undefined
    }
    assert.equal(tab('failed'), Number(failedCount))
    assert.equal(
      tab('completed'),
      Number(counts.find((row) => row.status === 'completed')?.$extras.total ?? 0)
    )

    const retry = await client
      .post(`/admin/jobs/${run.id}/retry`)
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    retry.assertStatus(302)
    const retried = await JobRun.query().where('retry_of', run.id).firstOrFail()
    assert.equal(retried.status, 'queued')
    await emptyQueue(QUEUES.tenantMigrations)
  })

  test('a custom domain is served only once its CNAME points at the party', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const template = await fixtures.template()
    const tenant = await fixtures.bareTenant(template)
    const host = `members-${randomSuffix()}.example.org`

    for (const bad of ['not a host', 'admin.sangathan.test', 'sangathan.test', 'नेपाल.example']) {
      const refused = await client
        .post(`/admin/tenants/${tenant.slug}/domains`)
        .form({ domain: bad })
        .withCsrfToken()
        .loginAs(admin)
        .redirects(0)
      assert.exists(refused.flashMessages().error, bad)
    }
    await client
      .post(`/admin/tenants/${tenant.slug}/domains`)
      .form({ domain: `${host.toUpperCase()}.` })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    const domain = await Domain.findByOrFail('domain', host)
    assert.isNull(domain.verifiedAt)
    const page = await client.get(`/admin/tenants/${tenant.slug}`).loginAs(admin)
    assert.include(page.text(), `${host} CNAME ${tenant.slug}.sangathan.test.`)
    const before = await client.get('/').header('Host', host)
    before.assertStatus(404)

    // The same domain for a second party is refused.
    const other = await fixtures.bareTenant(template)
    const taken = await client
      .post(`/admin/tenants/${other.slug}/domains`)
      .form({ domain: host })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.include(taken.flashMessages().error, 'Another party already uses')

    const wrong = await verifyDomain(tenant, domain, async () => [`${other.slug}.sangathan.test.`])
    assert.isFalse(wrong.verified)
    const missing = await verifyDomain(tenant, domain, async () => {
      throw Object.assign(new Error('queryCname ENOTFOUND'), { code: 'ENOTFOUND' })
    })
    assert.isFalse(missing.verified)
    await domain.refresh()
    assert.isNull(domain.verifiedAt)

    const right = await verifyDomain(tenant, domain, async () => [`${tenant.slug}.SANGATHAN.test.`])
    assert.isTrue(right.verified)
    await domain.refresh()
    assert.isNotNull(domain.verifiedAt)
    // The host now reaches this party's portal (the bare database has no portal tables: 500, not 404).
    const after = await client.get('/').header('Host', host)
    assert.notEqual(after.status(), 404)
  })

  test('adding a module attaches what it needs and queues its layer', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const template = await fixtures.template()
    const base = await fixtures.module()
    const dependent = await fixtures.module({ dependsOn: [base.name] })
    const retired = await fixtures.module({ isActive: false })
    const tenant = await fixtures.bareTenant(template)

    const refused = await client
      .post(`/admin/tenants/${tenant.slug}/modules`)
      .form({ module: retired.name })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.include(refused.flashMessages().error, 'not available')

    await client
      .post(`/admin/tenants/${tenant.slug}/modules`)
      .form({ module: dependent.name })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    await tenant.load('modules')
    assert.sameMembers(
      tenant.modules.map((module) => module.name),
      [base.name, dependent.name]
    )
    const run = await JobRun.query().where('tenant_id', tenant.id).firstOrFail()
    assert.equal(run.name, 'migrate-tenant')
    assert.deepEqual(run.payload, { tenantId: tenant.id, layer: 'module' })

    const twice = await client
      .post(`/admin/tenants/${tenant.slug}/modules`)
      .form({ module: dependent.name })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.include(twice.flashMessages().error, 'already has')
    await emptyQueue(QUEUES.tenantMigrations)
  })

  test('deleting needs the slug typed exactly, then drops the database and the records', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const template = await fixtures.template()
    const tenant = await fixtures.bareTenant(template)
    const other = await fixtures.bareTenant(template)
    const database = tenant.dbName!

    const page = await client.get(`/admin/tenants/${tenant.slug}/delete`).loginAs(admin)
    assert.include(page.text(), database)

    for (const typed of ['', tenant.slug.toUpperCase(), tenant.slug.slice(0, -1), other.slug]) {
      const refused = await client
        .post(`/admin/tenants/${tenant.slug}/delete`)
        .form({ confirm_slug: typed })
        .withCsrfToken()
        .loginAs(admin)
        .redirects(0)
      assert.include(refused.flashMessages().error, 'exactly')
    }
    assert.isTrue(await databaseExists(tenant, database))

    const done = await client
      .post(`/admin/tenants/${tenant.slug}/delete`)
      .form({ confirm_slug: tenant.slug })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    done.assertHeader('location', '/admin/tenants')
    assert.isNull(await Tenant.find(tenant.id))
    assert.isFalse(await databaseExists(tenant, database))
    assert.isTrue(await databaseExists(other, other.dbName!), 'only the named party is deleted')
  })

  test('migrating every party queues one job per active party', async ({ client, assert }) => {
    const admin = await operator()
    const active = await Tenant.query().where('status', 'active')
    const before = await JobRun.query()
      .where('name', 'migrate-tenant')
      .count('* as total')
      .firstOrFail()
    const response = await client
      .post('/admin/tenants/migrate-all')
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(302)
    const after = await JobRun.query()
      .where('name', 'migrate-tenant')
      .count('* as total')
      .firstOrFail()
    assert.equal(Number(after.$extras.total) - Number(before.$extras.total), active.length)
    await emptyQueue(QUEUES.tenantMigrations)
  })

  test('the dashboard charts provisioning times and counts failed jobs', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const template = await fixtures.template()
    // Provisioned by anyone (a command, the worker): the time kept on the party's row counts.
    const tenant = await fixtures.tenant(template, { status: 'active' })
    tenant.provisionedAt = DateTime.now()
    tenant.provisioningMs = 1234
    await tenant.save()
    // A slug longer than the label column is cut with an ellipsis, whole in its tooltip.
    const long = await fixtures.tenant(template, { status: 'active' })
    long.slug = `rastriya-janamorcha-${long.slug}`
    long.provisionedAt = DateTime.now()
    long.provisioningMs = 2500
    await long.save()
    // Not yet provisioned: not in the chart.
    const pending = await fixtures.tenant(template)
    const failed = await JobRun.query().where('status', 'failed').count('* as total').firstOrFail()
    const page = await client.get('/admin').loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), 'data-test="durations-chart"')
    assert.include(page.text(), '1.2 s')
    assert.include(page.text(), `>${tenant.slug}</text>`)
    assert.notInclude(page.text(), `>${pending.slug}</text>`)
    assert.include(page.text(), `>rastriya-janamorc…</text>`)
    assert.include(page.text(), `<title>${long.slug}</title>`)
    assert.include(page.text(), '2.5 s')
    assert.match(page.text(), new RegExp(`data-test="failed-jobs">${failed.$extras.total}<`))
  })

  test('the party-admin login is shown once, only for an active party, never cached', async ({
    client,
    assert,
  }) => {
    const admin = await operator()
    const template = await fixtures.template()
    const pending = await fixtures.tenant(template)
    const refused = await client
      .post(`/admin/tenants/${pending.slug}/admin-credentials`)
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.include(refused.flashMessages().error, 'Only an active party')

    const tenant = await createTenant({
      slug: `cred-${randomSuffix()}`,
      name: 'Credentials Party',
      template: 'political_party_nepal',
    })
    made.push(tenant)
    await provisioner.provision(tenant)
    const shown = await client
      .post(`/admin/tenants/${tenant.slug}/admin-credentials`)
      .withCsrfToken()
      .loginAs(admin)
    shown.assertStatus(200)
    shown.assertHeader('cache-control', 'no-store')
    const password = /data-test="credentials-password">([^<]+)</.exec(shown.text())?.[1]
    assert.isString(password)
    assert.include(shown.text(), `admin@${tenant.slug}.sangathan.test`)

    // A second request makes a new password rather than showing the first again.
    const again = await client
      .post(`/admin/tenants/${tenant.slug}/admin-credentials`)
      .withCsrfToken()
      .loginAs(admin)
    const second = /data-test="credentials-password">([^<]+)</.exec(again.text())?.[1]
    assert.notEqual(second, password)
  })
})
