import { test } from '@japa/runner'
import tenancy from '#tenancy/services/tenancy'
import { makeStaff } from '#tests/helpers/portal'
import { CHROMIUM_PATH, hasChromium, screenshotPath, browserParty } from '#tests/helpers/browser'

test.group('Browser: party staff portal', (group) => {
  const party = browserParty(group, {
    slug: 'office',
  })

  test('signs in, adds a member through the cascading selects, reads the list in Nepali', async ({
    assert,
  }) => {
    const { email, password } = await makeStaff(party.tenant, 'data_entry', {
      fullName: 'Maya Tamang',
    })
    const home = party.home
    const page = await party.browser.newPage({ viewport: { width: 1280, height: 900 } })

    await page.goto(`${home}/`)
    await Promise.all([page.waitForURL(`${home}/login`), page.click('[data-test=staff-login]')])
    await page.fill('#email', email)
    await page.fill('#password', password)
    await Promise.all([
      page.waitForURL(`${home}/dashboard`),
      page.click('button[type=submit].btn--primary'),
    ])
    assert.equal(await page.textContent('h1'), 'Dashboard')

    await page.goto(`${home}/members/new`)
    await page.fill('#full_name', 'Sita Kumari Shrestha')
    await page.fill('#full_name_np', 'सीता कुमारी श्रेष्ठ')
    await page.fill('#date_of_birth', '1992-03-14')
    await page.dispatchEvent('#date_of_birth', 'change')
    await page.waitForSelector('[data-test=bs-date]:has-text("1 Chaitra 2048")')
    await page.fill('#citizenship_number', '27-01-74-05678')
    await page.selectOption('#citizenship_issue_district_id', '27')
    await page.selectOption('#gender', 'female')
    await page.fill('#phone', '9841234567')
    // Each choice fills the next select: Bagmati → Kathmandu → Kathmandu Metropolitan City → ward 32.
    assert.isTrue(await page.isDisabled('#district_id'))
    await page.selectOption('#province_id', '3')
    await page.waitForSelector('#district_id option[value="27"]', { state: 'attached' })
    assert.notInclude(await page.textContent('#district_id'), 'Kaski', 'only Bagmati districts')
    await page.selectOption('#district_id', '27')
    await page.waitForSelector('#local_level_id option[value="307"]', { state: 'attached' })
    await page.selectOption('#local_level_id', '307')
    await page.waitForSelector('#ward_number option[value="32"]', { state: 'attached' })
    assert.lengthOf(await page.$$('#ward_number option[value]:not([value=""])'), 32)
    await page.selectOption('#ward_number', '32')
    await page.fill('#permanent_address', 'Naxal')
    await page.screenshot({ path: await screenshotPath('staff-member-form'), fullPage: true })
    await Promise.all([page.waitForURL(/\/members\/\d+$/), page.click('[data-test=save-member]')])
    assert.equal(await page.textContent('[data-test=member-name]'), 'Sita Kumari Shrestha')
    assert.include(
      await page.textContent('[data-test=member-address]'),
      'Kathmandu Metropolitan City, Ward 32, Kathmandu, Bagmati'
    )

    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=ne]')])
    await page.waitForSelector('html[lang=ne]')
    assert.equal(await page.textContent('[data-test=member-name]'), 'सीता कुमारी श्रेष्ठ')
    assert.include(await page.textContent('[data-test=member-address]'), 'वडा नं. ३२')

    await page.goto(`${home}/members`)
    assert.equal(await page.textContent('h1'), 'सदस्यहरू')
    assert.include(await page.textContent('[data-test=members-count]'), '१ सदस्य')
    await page.screenshot({ path: await screenshotPath('staff-members-ne'), fullPage: true })

    await page.goto(`${home}/dashboard`)
    assert.equal(await page.textContent('[data-test=members-total]'), '१')
    await page.screenshot({ path: await screenshotPath('staff-dashboard-ne'), fullPage: true })

    const stored = await tenancy.run(party.tenant, () => tenancy.db().from('members').first())
    assert.equal(stored.phone, '+9779841234567')
    await page.close()
  }).skip(!hasChromium, `Chromium not found at ${CHROMIUM_PATH}; .ci/run installs it`)
})
