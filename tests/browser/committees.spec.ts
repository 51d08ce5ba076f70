import { test } from '@japa/runner'
import tenancy from '#tenancy/services/tenancy'
import { addDemoMembers } from '#party/members/demo_members'
import { addDemoCommittees } from '#party/committees/demo_committees'
import { makeStaff } from '#tests/helpers/portal'
import {
  CHROMIUM_PATH,
  hasChromium,
  screenshotPath,
  browserParty,
  signInStaff,
} from '#tests/helpers/browser'

test.group('Browser: party committees', (group) => {
  const party = browserParty(group, {
    slug: 'committees',
    seed: async (tenant) => {
      await tenancy.run(tenant, async () => {
        await addDemoMembers(tenancy.db(), 300)
        await addDemoCommittees(tenancy.db())
      })
    },
  })

  test('a secretary browses the tree and seats a member, in Nepali', async ({ assert }) => {
    const { email, password } = await makeStaff(party.tenant, 'secretary', { fullName: 'Gita Rai' })
    const home = party.home
    const page = await party.browser.newPage({ viewport: { width: 1280, height: 900 } })
    await signInStaff(page, home, email, password)
    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=ne]')])
    await page.waitForSelector('html[lang=ne]')
    assert.include(
      await page.textContent('[data-test=coverage-summary]'),
      '७७ मध्ये १३ जिल्लामा सक्रिय जिल्ला समिति छ।'
    )
    await page.screenshot({ path: await screenshotPath('committees-dashboard-ne'), fullPage: true })

    await Promise.all([page.waitForURL(`${home}/committees`), page.click('a[href="/committees"]')])
    assert.equal(await page.textContent('h1'), 'समितिहरू')
    assert.include(await page.textContent('[data-test=central]'), 'बागमती प्रदेश समिति')
    await page.screenshot({ path: await screenshotPath('committees-tree-ne'), fullPage: true })

    // One level at a time: Bagmati → Kathmandu district.
    await Promise.all([
      page.waitForURL(/\/committees\/provincial\/\d+$/),
      page.click('text=बागमती प्रदेश समिति'),
    ])
    await Promise.all([
      page.waitForURL(/\/committees\/district\/\d+$/),
      page.click('text=काठमाडौँ जिल्ला समिति'),
    ])
    assert.equal(await page.textContent('[data-test=committee-name]'), 'काठमाडौँ जिल्ला समिति')
    assert.include(await page.textContent('[data-test=crumbs]'), 'केन्द्रीय समिति')
    assert.include(await page.textContent('[data-test=current-seats]'), 'अध्यक्ष')

    // Seat someone who is not on it yet, from a search.
    const candidate = await tenancy.run(party.tenant, () =>
      tenancy
        .db()
        .from('members')
        .where('is_active', true)
        .whereNotIn('id', (sub) =>
          sub.from('committee_members').where('committee_type', 'district').select('member_id')
        )
        .orderBy('id')
        .first()
    )
    const cityCommittee = await tenancy.run(party.tenant, async () => {
      const row = await tenancy
        .db()
        .from('local_level_committees')
        .where('local_level_id', 307)
        .select('id')
        .first()
      return row.id as number
    })
    await page.fill('#q', candidate.membership_id)
    await Promise.all([page.waitForLoadState('load'), page.click('#seat button[type=submit]')])
    await page.check(`input[name=member_id][value="${candidate.id}"]`)
    await page.selectOption('#position', 'joint_secretary')
    await page.fill('#from_date', '2025-11-28')
    await page.dispatchEvent('#from_date', 'change')
    await page.waitForSelector('[data-test=bs-date]:has-text("२०८२ मंसिर १२")')
    await page.screenshot({ path: await screenshotPath('committees-seat-ne'), fullPage: true })
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=seat-member]')])
    assert.include(await page.textContent('[data-test=current-seats]'), 'सहसचिव')
    assert.include(await page.textContent('[data-test=current-seats]'), candidate.full_name_np)
    assert.include(await page.textContent('[data-test=current-seats]'), '२०८२ मंसिर १२ (२०२५-११-२८)')
    await page.screenshot({ path: await screenshotPath('committees-district-ne'), fullPage: true })

    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=en]')])
    await page.waitForSelector('html[lang=en]')
    assert.include(await page.textContent('[data-test=current-seats]'), 'Joint secretary')
    await page.screenshot({ path: await screenshotPath('committees-district-en'), fullPage: true })
    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=ne]')])
    await page.waitForSelector('html[lang=ne]')

    // A new ward committee: only the wards of Kathmandu Metropolitan City (1–32) are offered.
    await page.goto(`${home}/committees/local_level/${cityCommittee}`)
    await Promise.all([
      page.waitForURL(/\/committees\/new\?parent=/),
      page.click('[data-test=create-child]'),
    ])
    assert.lengthOf(await page.$$('#place_id option[value]:not([value=""])'), 32)
    await page.screenshot({ path: await screenshotPath('committees-new-ward-ne'), fullPage: true })
    // Ward 32 already has an active committee: the form comes back with the reason, in Nepali.
    await page.selectOption('#place_id', '32')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=save-committee]')])
    assert.include(
      await page.textContent('[data-test=place-error]'),
      'यो क्षेत्रमा सक्रिय समिति पहिल्यै छ।'
    )
    await page.screenshot({
      path: await screenshotPath('committees-ward-error-ne'),
      fullPage: true,
    })

    await page.goto(`${home}/members/${candidate.id}`)
    assert.include(await page.textContent('[data-test=member-positions]'), 'सहसचिव')
    await page.screenshot({ path: await screenshotPath('committees-member-ne'), fullPage: true })
    await page.close()
  }).skip(!hasChromium, `Chromium not found at ${CHROMIUM_PATH}; .ci/run installs it`)
})
