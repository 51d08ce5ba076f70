import { test } from '@japa/runner'
import type { Browser } from 'playwright-core'
import type { Worker } from 'bullmq'
import Admin from '#models/landlord/admin'
import Tenant from '#models/landlord/tenant'
import { startWorker } from '#services/job_queue'
import '#jobs/provision_tenant_job'
import { createTenant } from '#actions/tenants/create_tenant'
import { startProvisioning } from '#actions/tenants/manage_tenant'
import { emptyQueues } from '#tests/helpers/queues'
import { dropTenant, randomSuffix } from '#tests/helpers/tenancy'
import { baseUrl, hasChromium, launchChromium, screenshotPath } from '#tests/helpers/browser'

test.group('Browser: provisioning wizard', (group) => {
  let browser: Browser
  let worker: Worker | undefined
  const made: string[] = []

  group.setup(async () => {
    await emptyQueues()
    if (hasChromium) browser = await launchChromium()
  })
  group.teardown(async () => {
    await worker?.close()
    await browser?.close()
    for (const slug of made) await dropTenant(await Tenant.findBy('slug', slug))
  })

  test('provisions a party through the four steps and watches it become active', async ({
    assert,
  }) => {
    const suffix = randomSuffix()
    const email = `wizard-${suffix}@sangathan.test`
    await Admin.create({ fullName: 'Wizard Operator', email, password: 'wizard-password-1' })

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${baseUrl()}/admin/login`)
    await page.fill('#email', email)
    await page.fill('#password', 'wizard-password-1')
    await Promise.all([
      page.waitForURL(`${baseUrl()}/admin`),
      page.click('button[type=submit].btn--primary'),
    ])

    await page.goto(`${baseUrl()}/admin/tenants/new`)
    await page.fill('#name', `Janata Party ${suffix}`)
    const slug = `janata-party-${suffix}`
    made.push(slug)
    await page.waitForSelector('[data-test=slug-available]', { state: 'visible' })
    assert.equal(await page.inputValue('#slug'), slug)
    assert.include(await page.textContent('[data-test=slug-available]'), `${slug}.sangathan.test`)
    await page.fill('#name_ne', 'जनता पार्टी')
    await page.screenshot({ path: await screenshotPath('wizard-details') })

    await page.click('[data-test=wizard-next]')
    assert.isTrue(await page.isChecked('input[name=template][value=political_party_nepal]'))
    await page.click('[data-test=wizard-next]')

    await page.check('input[name="modules[]"][value=election_campaign]')
    assert.isTrue(
      await page.isChecked('input[name="modules[]"][value=membership]'),
      'a module needed by a chosen module is chosen with it'
    )
    await page.screenshot({ path: await screenshotPath('wizard-modules') })
    await page.click('[data-test=wizard-next]')
    assert.include(await page.textContent('[data-step="4"]'), 'election_campaign')
    await page.screenshot({ path: await screenshotPath('wizard-review') })

    // Progress must come over server-sent events: the JSON endpoint the page would poll is
    // blocked, and every message the page's EventSource receives is reported here.
    const polls: string[] = []
    await page.route('**/admin/tenants/*/progress', (route) => {
      polls.push(route.request().url())
      return route.abort()
    })
    const events: { run?: { status: string }; tenant?: { status: string }; progress?: object }[] =
      []
    const bar: number[] = []
    await page.exposeFunction('reportSse', (data: string) => {
      const message = JSON.parse(data)
      if (message.channel === `admin/tenants/${slug}/progress`) events.push(message.payload)
    })
    await page.exposeFunction('reportBar', (value: string) => bar.push(Number(value)))
    // Runs in the page (no DOM types here): count EventSource messages, watch the bar.
    await page.addInitScript(`
      const Native = window.EventSource
      window.EventSource = class extends Native {
        constructor(url, options) {
          super(url, options)
          this.addEventListener('message', (event) => window.reportSse(event.data))
        }
      }
      document.addEventListener('DOMContentLoaded', () => {
        const progress = document.querySelector('[data-test=provisioning] .progress')
        if (!progress) return
        new MutationObserver(() => window.reportBar(progress.getAttribute('aria-valuenow')))
          .observe(progress, { attributes: true, attributeFilter: ['aria-valuenow'] })
      })
    `)

    await Promise.all([
      page.waitForURL(`${baseUrl()}/admin/tenants/${slug}`),
      page.click('[data-test=wizard-submit]'),
    ])
    assert.isTrue(await page.isVisible('[data-test=provisioning]'))
    // Subscribed before the job starts (it waits in Redis until a worker takes it).
    await page.waitForSelector('[data-test=provisioning][data-live=sse]', { timeout: 10_000 })

    worker = startWorker()
    await page.waitForSelector('.progress:not([aria-valuenow="0"])')
    await page.screenshot({ path: await screenshotPath('wizard-progress-live') })
    await page.waitForSelector('[data-test=provisioned]', { timeout: 90_000 })
    assert.isAbove(
      events.filter((event) => event.progress).length,
      5,
      'stages and migrations arrive as events'
    )
    assert.equal(events.at(-1)?.run?.status, 'completed')
    assert.equal(events.at(-1)?.tenant?.status, 'active')
    assert.isTrue(
      bar.some((value) => value > 0 && value < 100),
      `the bar moves through the run: ${bar}`
    )
    assert.equal(bar.at(-1), 100, `the bar ends full: ${bar}`)
    assert.isAtMost(polls.length, 1, 'no polling while the stream works (one catch-up read)')
    await page.unroute('**/admin/tenants/*/progress')
    assert.include(await page.textContent('[data-test=tenant-status]'), 'Active')
    await page.screenshot({ path: await screenshotPath('wizard-provisioned'), fullPage: true })

    // The party admin's login, shown once, to hand to the party.
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=admin-credentials]')])
    const partyEmail = (await page.textContent('[data-test=credentials-email]'))!.trim()
    const partyPassword = (await page.textContent('[data-test=credentials-password]'))!.trim()
    assert.equal(partyEmail, `admin@${slug}.sangathan.test`)
    await page.screenshot({ path: await screenshotPath('wizard-credentials') })
    await page.goBack()

    // The success message links to the new party's own portal, which answers on its host,
    // and the party admin signs in there with those credentials.
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=provisioned] a')])
    assert.equal(new URL(page.url()).hostname, `${slug}.sangathan.test`)
    assert.include(await page.textContent('body'), `Janata Party ${suffix}`)
    await Promise.all([page.waitForURL(/\/login$/), page.click('[data-test=staff-login]')])
    await page.fill('#email', partyEmail)
    await page.fill('#password', partyPassword)
    await Promise.all([
      page.waitForURL(/\/dashboard$/),
      page.click('button[type=submit].btn--primary'),
    ])
    await page.screenshot({ path: await screenshotPath('wizard-party-dashboard') })
    await page.close()
  })
    .timeout(150_000)
    .skip(
      !hasChromium,
      `Chromium not found at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}; .ci/run installs it`
    )

  test('without server-sent events the progress page polls and still sees the party become active', async ({
    assert,
  }) => {
    const suffix = randomSuffix()
    const email = `poll-${suffix}@sangathan.test`
    await Admin.create({ fullName: 'Polling Operator', email, password: 'polling-password-1' })
    const slug = `polling-party-${suffix}`
    made.push(slug)
    const tenant = await createTenant({
      slug,
      name: 'Polling Party',
      template: 'political_party_nepal',
    })

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    // A browser without EventSource.
    await page.addInitScript('delete window.EventSource')
    const polls: string[] = []
    page.on('request', (request) => {
      if (request.url().endsWith(`/admin/tenants/${slug}/progress`)) polls.push(request.url())
    })
    await page.goto(`${baseUrl()}/admin/login`)
    await page.fill('#email', email)
    await page.fill('#password', 'polling-password-1')
    await Promise.all([
      page.waitForURL(`${baseUrl()}/admin`),
      page.click('button[type=submit].btn--primary'),
    ])
    await startProvisioning(tenant)
    await page.goto(`${baseUrl()}/admin/tenants/${slug}`)
    await page.waitForSelector('[data-test=provisioning][data-live=polling]', { timeout: 10_000 })
    worker ??= startWorker()
    await page.waitForSelector('[data-test=provisioned]', { timeout: 90_000 })
    // The worker may already be running (started by the test before) and finish the job
    // before a second poll: what counts is that polling alone brought the page to the end.
    assert.isAtLeast(polls.length, 1, 'the page polled the progress endpoint')
    await page.close()
  })
    .timeout(120_000)
    .skip(
      !hasChromium,
      `Chromium not found at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}; .ci/run installs it`
    )
})
