import { test } from '@japa/runner'
import tenancy from '#tenancy/services/tenancy'
import { addDemoMembers } from '#party/members/demo_members'
import { addDemoCampaign } from '#party/campaigns/demo_campaign'
import { makeStaff } from '#tests/helpers/portal'
import {
  CHROMIUM_PATH,
  hasChromium,
  screenshotPath,
  browserParty,
  signInStaff,
} from '#tests/helpers/browser'

test.group('Browser: election campaigns', (group) => {
  let campaignId: number | null

  const party = browserParty(group, {
    slug: 'campaign',
    modules: ['election_campaign'],
    seed: async (tenant) => {
      campaignId = await tenancy.run(tenant, async () => {
        await addDemoMembers(tenancy.db(), 10)
        return addDemoCampaign(tenancy.db())
      })
    },
  })

  test('a campaign and a candidate near the ceiling, read in Nepali', async ({ assert }) => {
    const { email, password } = await makeStaff(party.tenant, 'admin', { fullName: 'Gita Rai' })
    const home = party.home
    const page = await party.browser.newPage({ viewport: { width: 1280, height: 900 } })
    await signInStaff(page, home, email, password)
    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=ne]')])
    await page.waitForSelector('html[lang=ne]')
    await Promise.all([
      page.waitForURL(`${home}/campaigns`),
      page.click('[data-test=nav-campaigns]'),
    ])
    assert.equal(await page.textContent('h1'), 'निर्वाचन अभियान')

    await page.goto(`${home}/campaigns/${campaignId}`)
    assert.equal(
      await page.textContent('[data-test=campaign-name]'),
      'प्रतिनिधि सभा सदस्य निर्वाचन २०७९'
    )
    assert.equal(await page.textContent('[data-test=over-count]'), '१')
    await page.screenshot({ path: await screenshotPath('campaign-ne'), fullPage: true })

    await page.click('[data-test=candidate-row][data-level=warning] a')
    await page.waitForSelector('[data-test=spending][data-level=warning]')
    assert.include(await page.textContent('[data-test=ceiling]'), 'रू २५,००,०००')
    assert.include(await page.textContent('[data-test=ceiling-alert]'), '८६.०० %')
    await page.screenshot({ path: await screenshotPath('campaign-candidate-ne'), fullPage: true })

    await page.goto(`${home}/campaigns/${campaignId}/results`)
    await page.screenshot({ path: await screenshotPath('campaign-results-ne'), fullPage: true })

    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=en]')])
    await page.waitForSelector('html[lang=en]')
    await page.goto(`${home}/campaigns/${campaignId}/ceilings`)
    assert.equal(
      await page.textContent('h1'),
      'Spending ceilings: House of Representatives election 2079'
    )
    await page.screenshot({ path: await screenshotPath('campaign-ceilings-en'), fullPage: true })
    await page.goto(`${home}/campaigns/${campaignId}/events`)
    await page.screenshot({ path: await screenshotPath('campaign-events-en'), fullPage: true })

    // The candidate form shows the constituency for FPTP and the list rank for PR.
    await page.goto(`${home}/campaigns/${campaignId}/candidates/new`)
    assert.isTrue(await page.isVisible('#constituency'))
    assert.isFalse(await page.isVisible('#pr_list_rank'))
    await page.selectOption('#election_system', 'pr')
    await page.waitForSelector('#pr_list_rank', { state: 'visible' })
    assert.isFalse(await page.isVisible('#constituency'))
    await page.fill('#membership_id', 'M-000009')
    await page.fill('#pr_list_rank', '3')
    await page.screenshot({
      path: await screenshotPath('campaign-candidate-form-en'),
      fullPage: true,
    })
    await Promise.all([
      page.waitForURL(/\/candidates\/\d+$/),
      page.click('button[type=submit].btn--primary'),
    ])
    assert.equal(await page.textContent('[data-test=candidate-status]'), 'Proposed')
    await page.screenshot({
      path: await screenshotPath('campaign-new-candidate-en'),
      fullPage: true,
    })
    await page.close()
  }).skip(!hasChromium, `Chromium not found at ${CHROMIUM_PATH}; .ci/run installs it`)
})
