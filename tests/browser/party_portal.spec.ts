import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type { Browser } from 'playwright-core'
import type Tenant from '#models/landlord/tenant'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { dropTenant } from '#tests/helpers/tenancy'
import { CHROMIUM_PATH, hasChromium, launchChromium, screenshotPath } from '#tests/helpers/browser'

test.group('Browser: party portal', (group) => {
  let browser: Browser
  let tenant: Tenant

  group.setup(async () => {
    if (!hasChromium) return
    browser = await launchChromium()
    tenant = await createTenant({
      slug: `browser-${randomBytes(3).toString('hex')}`,
      name: 'Harmony Party',
      nameNe: 'सद्भाव पार्टी',
      template: 'political_party_nepal',
    })
    await provisioner.provision(tenant)
  })

  group.teardown(async () => {
    await browser?.close()
    await dropTenant(tenant)
  })

  test('opens on the party host and switches to Nepali', async ({ assert }) => {
    const url = `http://${tenant.slug}.${process.env.TENANT_ROOT_DOMAIN}:${process.env.PORT}/`
    const page = await browser.newPage({ viewport: { width: 1100, height: 600 } })
    await page.goto(url)
    assert.equal(await page.textContent('h1'), 'Harmony Party')

    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=ne]')])
    await page.waitForSelector('html[lang=ne]')
    assert.equal(await page.textContent('h1'), 'सद्भाव पार्टी')
    assert.equal(page.url(), url)
    await page.screenshot({ path: await screenshotPath('party-portal-ne') })
    await page.close()
  }).skip(!hasChromium, `Chromium not found at ${CHROMIUM_PATH}; .ci/run installs it`)
})
