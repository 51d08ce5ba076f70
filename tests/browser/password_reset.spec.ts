import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import { sleep } from '#tests/helpers/tenancy'
import { makeStaff } from '#tests/helpers/portal'
import { resetRateLimits } from '#tests/helpers/rate_limits'
import { CHROMIUM_PATH, hasChromium, screenshotPath, browserParty } from '#tests/helpers/browser'
import PasswordResetMail from '#mails/password_reset_mail'

test.group('Browser: staff password reset', (group) => {
  const party = browserParty(group, {
    slug: 'reset',
  })

  test('from the sign-in page to a new password, in Nepali', async ({ assert }) => {
    await resetRateLimits()
    const fake = mail.fake()
    try {
      const { email } = await makeStaff(party.tenant, 'secretary', { fullName: 'Maya Tamang' })
      const home = party.home
      const page = await party.browser.newPage({ viewport: { width: 1280, height: 900 } })
      await page.goto(`${home}/login`)
      await Promise.all([page.waitForURL(`${home}/login`), page.click('button[value=ne]')])
      await Promise.all([
        page.waitForURL(`${home}/forgot-password`),
        page.click('[data-test=forgot-link]'),
      ])
      assert.equal(await page.textContent('h1'), 'पासवर्ड रिसेट')
      await page.fill('#email', email)
      await Promise.all([
        page.waitForURL(`${home}/forgot-password`),
        page.click('[data-test=forgot-form] button[type=submit]'),
      ])
      assert.include(await page.textContent('[role=status]'), 'रिसेट लिङ्क पठाइएको छ')
      await page.screenshot({ path: await screenshotPath('password-reset-requested-ne') })

      await sleep(50)
      const [sent] = fake.mails.queued((queued) => queued instanceof PasswordResetMail)
      await sent.buildWithContents()
      const link = /http:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/.exec(
        String(sent.message.toJSON().message.text)
      )![0]
      assert.isTrue(link.startsWith(`${home}/reset-password/`), link)

      await page.goto(link)
      assert.equal(await page.textContent('h1'), 'नयाँ पासवर्ड छान्नुहोस्')
      await page.fill('#password', 'browser-new-password')
      await page.fill('#password_confirmation', 'browser-new-password')
      await page.screenshot({ path: await screenshotPath('password-reset-form-ne') })
      await Promise.all([
        page.waitForURL(`${home}/login`),
        page.click('[data-test=reset-form] button[type=submit]'),
      ])
      assert.include(await page.textContent('[role=status]'), 'तपाईंको पासवर्ड परिवर्तन भयो')

      await page.fill('#email', email)
      await page.fill('#password', 'browser-new-password')
      await Promise.all([
        page.waitForURL(`${home}/dashboard`),
        page.click('button[type=submit].btn--primary'),
      ])

      // Signed in, the account's language (English) wins; the used link is dead.
      await page.goto(link)
      assert.equal(await page.textContent('h1'), 'This link no longer works')
      await page.screenshot({ path: await screenshotPath('password-reset-used-en') })
      await page.close()
    } finally {
      mail.restore()
    }
  })
    .skip(!hasChromium, `Chromium not found at ${CHROMIUM_PATH}`)
    .timeout(90_000)
})
