import { test } from '@japa/runner'
import tenancy from '#tenancy/services/tenancy'
import { recordDonation } from '#actions/donations/record_donation'
import { addDemoFinance } from '#party/finance/demo_finance'
import { makeStaff } from '#tests/helpers/portal'
import {
  CHROMIUM_PATH,
  hasChromium,
  screenshotPath,
  browserParty,
  signInStaff,
} from '#tests/helpers/browser'

test.group('Browser: expenditure, financial report and audit log', (group) => {
  const party = browserParty(group, {
    slug: 'books',
    seed: async (tenant) => {
      await tenancy.run(tenant, async () => {
        await addDemoFinance()
        for (const donor of [
          {
            donorType: 'individual',
            donorName: 'सीता शर्मा',
            citizenshipNumber: '27-01-71-55555',
            amount: '25000',
            paymentMethod: 'cash',
          },
          {
            donorType: 'private_organisation',
            donorName: 'Himal Traders Pvt Ltd',
            pan: '601234567',
            amount: '1,50,000',
            paymentMethod: 'bank_transfer',
            bankReference: 'NIC-77',
          },
        ]) {
          await recordDonation({ ...donor, received: { calendar: 'bs', date: '2083-05-15' } })
        }
      })
    },
  })

  test('a treasurer edits an expense, prints the year’s report in English and Nepali, an admin reads the diff', async ({
    assert,
  }) => {
    const treasurer = await makeStaff(party.tenant, 'treasurer', { fullName: 'Kamala Thapa' })
    const admin = await makeStaff(party.tenant, 'admin', { fullName: 'Hari Koirala' })
    const home = party.home
    const page = await party.browser.newPage({ viewport: { width: 1280, height: 900 } })
    const signIn = async (email: string, password: string) => {
      await signInStaff(page, home, email, password)
    }

    await signIn(treasurer.email, treasurer.password)
    await page.goto(`${home}/expenditures`)
    await page.screenshot({ path: await screenshotPath('finance-expenditures-en'), fullPage: true })
    await Promise.all([
      page.waitForURL(/\/edit$/),
      page.click('table[data-test=entries] a[href$="/edit"]'),
    ])
    await page.fill('#amount', '47,500.50')
    await Promise.all([page.waitForURL(/\/expenditures\?/), page.click('[data-test=save-entry]')])
    assert.include(await page.textContent('.alert--success'), 'Entry saved.')

    await page.goto(`${home}/expenditures/new`)
    await page.fill('#amount', 'NaN')
    await page.fill('#payee_name', 'श्री गणेश प्रोपर्टिज')
    await page.fill('#voucher_number', 'PV-9999')
    await page.fill('#date', '2083-08-12')
    await page.selectOption('#head', 'office_rent')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=save-entry]')])
    assert.include(
      await page.textContent('form[data-test=entry-form]'),
      'Enter the amount in rupees'
    )
    await page.screenshot({
      path: await screenshotPath('finance-expenditure-form-en'),
      fullPage: true,
    })

    await page.goto(`${home}/financial-reports`)
    await page.fill('#fiscal_year', '2083/84')
    await page.selectOption('#period', 'annual')
    await Promise.all([
      page.waitForURL(/\/financial-reports\/\d+$/),
      page.click('[data-test=generate]'),
    ])
    assert.include(
      await page.textContent('h1.report__title'),
      'Statement of income and expenditure'
    )
    assert.include(await page.textContent('[data-test=donors]'), 'Himal Traders Pvt Ltd')
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: await screenshotPath('financial-report-en'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })

    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=ne]')])
    await page.waitForSelector('html[lang=ne]')
    assert.include(await page.textContent('h1.report__title'), 'आय व्यय विवरण')
    assert.include(await page.textContent('.report__party'), 'सद्भाव पार्टी')
    assert.match((await page.textContent('[data-test=income-donations]')) ?? '', /^१,७५,०००\.००$/)
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: await screenshotPath('financial-report-ne'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })
    await page.screenshot({
      path: await screenshotPath('financial-report-ne-screen'),
      fullPage: true,
    })
    await page.goto(`${home}/financial-reports`)
    await page.screenshot({ path: await screenshotPath('financial-reports-ne'), fullPage: true })
    await page.click('[data-test=logout]')

    await signIn(admin.email, admin.password)
    await page.goto(`${home}/audit-log?module=expenditures&action=updated`)
    await Promise.all([
      page.waitForURL(/\/audit-log\/\d+$/),
      page.click('table[data-test=audit] a[href^="/audit-log/"]'),
    ])
    assert.match(
      (await page.textContent('[data-test=diff-amount_paisa] .diff__old')) ?? '',
      /^\d+ \(Rs [0-9,.]+\)$/
    )
    assert.include(await page.textContent('[data-test=diff-amount_paisa] .diff__new'), '4750050')
    assert.include(
      await page.textContent('[data-test=diff-amount_paisa] .diff__new'),
      '(Rs 47,500.50)'
    )
    await page.screenshot({ path: await screenshotPath('audit-log-diff-en'), fullPage: true })
    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=ne]')])
    await page.waitForSelector('html[lang=ne]')
    assert.include(
      await page.textContent('[data-test=diff-amount_paisa] .diff__new'),
      '(रू ४७,५००.५०)'
    )
    await page.screenshot({ path: await screenshotPath('audit-log-diff-ne'), fullPage: true })
    await page.goto(`${home}/audit-log`)
    await page.screenshot({ path: await screenshotPath('audit-log-ne'), fullPage: true })
    await page.goto(`${home}/income`)
    await page.screenshot({ path: await screenshotPath('finance-income-ne'), fullPage: true })
    await page.close()
  })
    .skip(!hasChromium, `Chromium not found at ${CHROMIUM_PATH}`)
    .timeout(120_000)
})
