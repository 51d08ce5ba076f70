import { test } from '@japa/runner'
import tenancy from '#tenancy/services/tenancy'
import { makeStaff } from '#tests/helpers/portal'
import {
  CHROMIUM_PATH,
  hasChromium,
  screenshotPath,
  browserParty,
  signInStaff,
} from '#tests/helpers/browser'

test.group('Browser: donations', (group) => {
  const party = browserParty(group, {
    slug: 'funds',
  })

  test('cash above Rs 25,000 is warned while typing and refused in Nepali, citing s.38(3)', async ({
    assert,
  }) => {
    const { email, password } = await makeStaff(party.tenant, 'treasurer', {
      fullName: 'Gita Adhikari',
    })
    const home = party.home
    const page = await party.browser.newPage({ viewport: { width: 1280, height: 900 } })

    await signInStaff(page, home, email, password)
    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=ne]')])
    await page.waitForSelector('html[lang=ne]')

    await page.goto(`${home}/donations/new`)
    assert.equal(await page.textContent('h1'), 'चन्दा दर्ता')
    await page.fill('#donor_name', 'हरि प्रसाद कोइराला')
    await page.fill('#citizenship_number', '27-01-74-05678')
    await page.selectOption('#received_calendar', 'bs')
    await page.fill('#received_date', '२०८३-०८-०१')
    await page.dispatchEvent('#received_date', 'change')
    await page.waitForSelector('[data-test=fiscal-year-hint]:has-text("आर्थिक वर्ष २०८३/८४")')
    assert.isFalse(await page.isVisible('[data-test=cash-hint]'))
    await page.fill('#amount', '३०,०००')
    await page.selectOption('#payment_method', 'cash')
    await page.waitForSelector('[data-test=cash-hint]', { state: 'visible' })
    await page.screenshot({ path: await screenshotPath('donation-form-ne'), fullPage: true })

    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=save-donation]')])
    assert.match(page.url(), /\/donations\/new$/)
    const error = await page.textContent('[data-test=error-payment_method]')
    assert.equal(
      error?.trim(),
      'अस्वीकृत: राजनीतिक दल सम्बन्धी ऐन, २०७३ को दफा ३८(३): रु. २५,००० भन्दा बढीको चन्दा चेक वा बैंक ट्रान्सफरबाट मात्र लिन सकिन्छ।'
    )
    assert.equal(
      await page.inputValue('#donor_name'),
      'हरि प्रसाद कोइराला',
      'what was typed is kept'
    )
    await page.screenshot({ path: await screenshotPath('donation-refused-ne'), fullPage: true })
    const [{ n }] = await tenancy.run(party.tenant, async () => {
      const result = await tenancy.db().rawQuery('select count(*)::int as n from donations')
      return result.rows
    })
    assert.equal(n, 0)

    // The same donation by cheque is recorded; its receipt spells the amount in both languages.
    await page.selectOption('#payment_method', 'cheque')
    await page.fill('#bank_reference', 'NIC-CHQ-204518')
    await Promise.all([
      page.waitForURL(/\/donations\/\d+$/),
      page.click('[data-test=save-donation]'),
    ])
    await page.click('[data-test=receipt-link]')
    await page.waitForSelector('[data-test=receipt]')
    assert.equal(await page.textContent('[data-test=words-ne]'), 'रुपैयाँ तीस हजार मात्र')
    assert.equal(await page.textContent('[data-test=receipt-amount]'), 'रू ३०,०००')
    await page.screenshot({ path: await screenshotPath('donation-receipt-ne'), fullPage: true })
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: await screenshotPath('donation-receipt-print'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })

    await page.goto(`${home}/donations`)
    await page.screenshot({ path: await screenshotPath('donations-list-ne'), fullPage: true })
    await page.goto(`${home}/dashboard`)
    await page.waitForSelector('[data-test=compliance-card]')
    await page.screenshot({ path: await screenshotPath('dashboard-compliance-ne'), fullPage: true })
    await page.close()
  }).skip(!hasChromium, `Chromium not found at ${CHROMIUM_PATH}; .ci/run installs it`)
})
