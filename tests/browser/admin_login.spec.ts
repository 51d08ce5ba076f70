import { test } from '@japa/runner'
import { statSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import testUtils from '@adonisjs/core/services/test_utils'
import Admin from '#models/landlord/admin'
import { resetRateLimits } from '#tests/helpers/rate_limits'
import { baseUrl, hasChromium, launchChromium, screenshotPath } from '#tests/helpers/browser'

test.group('Browser: super-admin login', (group) => {
  let browser: Browser

  group.setup(async () => {
    if (hasChromium) browser = await launchChromium()
  })
  group.teardown(async () => {
    await browser?.close()
  })
  group.each.setup(() => testUtils.db('landlord').withGlobalTransaction())
  group.each.setup(() => resetRateLimits())

  test('logs in, sees the dashboard, switches to Nepali and logs out', async ({ assert }) => {
    await Admin.create({
      fullName: 'Sita Sharma',
      email: 'sita@sangathan.test',
      password: 'browser-password-1',
    })

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`${baseUrl()}/admin/login`)
    await page.screenshot({ path: await screenshotPath('admin-login') })

    await page.fill('#email', 'sita@sangathan.test')
    await page.fill('#password', 'browser-password-1')
    await Promise.all([
      page.waitForURL(`${baseUrl()}/admin`),
      page.click('button[type=submit].btn--primary'),
    ])

    assert.equal(await page.textContent('h1'), 'Dashboard')
    assert.include(await page.textContent('.page__head'), 'Welcome, Sita Sharma.')
    const shot = await screenshotPath('admin-dashboard')
    await page.screenshot({ path: shot, fullPage: true })
    assert.isAbove(statSync(shot).size, 10_000)

    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=ne]')])
    await page.waitForSelector('html[lang=ne]')
    assert.equal(await page.textContent('h1'), 'ड्यासबोर्ड')
    await page.screenshot({ path: await screenshotPath('admin-dashboard-ne'), fullPage: true })

    await Promise.all([
      page.waitForURL(`${baseUrl()}/admin/login`),
      page.click('[data-test=logout]'),
    ])
    assert.include(await page.textContent('.alert--success'), 'तपाईं लग आउट हुनुभयो।')
    await page.close()
  }).skip(
    !hasChromium,
    `Chromium not found at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}; .ci/run installs it`
  )
})
