import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { dropTenant } from '#tests/helpers/tenancy'
import {
  memberForm,
  PortalAgent,
  portalHost,
  signedInStaff as signedIn,
} from '#tests/helpers/portal'

function membersOf(tenant: Tenant) {
  return tenancy.run(tenant, () => tenancy.db().from('members').orderBy('id').select('*'))
}

function auditOf(tenant: Tenant, memberId: number) {
  return tenancy.run(tenant, () =>
    tenancy
      .db()
      .from('audit_logs')
      .where({ auditable_type: 'members', auditable_id: memberId })
      .orderBy('id')
      .select('*')
  )
}

/**
 * The member register on party hosts: who may do what, the audit trail,
 * validation in both languages, and that one party never sees another's.
 */
test.group('Party members', (group) => {
  const suffix = randomBytes(3).toString('hex')
  let first: Tenant
  let second: Tenant
  let clerk: Awaited<ReturnType<typeof signedIn>>
  let viewer: Awaited<ReturnType<typeof signedIn>>
  let admin: Awaited<ReturnType<typeof signedIn>>
  let otherAdmin: Awaited<ReturnType<typeof signedIn>>

  group.setup(async () => {
    first = await createTenant({
      slug: `members-a-${suffix}`,
      name: 'Unity Party',
      template: 'political_party_nepal',
    })
    second = await createTenant({
      slug: `members-b-${suffix}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
    })
    await Promise.all([provisioner.provision(first), provisioner.provision(second)])
    clerk = await signedIn(first, 'data_entry')
    viewer = await signedIn(first, 'viewer')
    admin = await signedIn(first, 'admin')
    otherAdmin = await signedIn(second, 'admin')
  })

  group.teardown(async () => {
    await dropTenant(first)
    await dropTenant(second)
  })

  test('places for the selects come as JSON kept an hour, not written into every page', async ({
    assert,
  }) => {
    const english = await viewer.agent.get('/members/places?lang=en')
    assert.equal(english.status, 200)
    assert.equal(english.headers['cache-control'], 'private, max-age=3600')
    const places = JSON.parse(english.text)
    assert.lengthOf(places.provinces, 7)
    assert.lengthOf(places.districts, 77)
    assert.lengthOf(places.localLevels, 753)
    assert.deepInclude(places.provinces, { id: 3, name: 'Bagmati' })
    const kathmandu = places.localLevels.find((place: { id: number }) => place.id === 307)
    assert.deepEqual(kathmandu, { id: 307, parent: 27, name: kathmandu.name, wards: 32 })

    const nepali = JSON.parse(await viewer.agent.textOf('/members/places?lang=ne'))
    assert.deepInclude(nepali.provinces, { id: 3, name: 'बागमती' })
    // Any other value is the reader's language.
    const odd = JSON.parse(await viewer.agent.textOf('/members/places?lang=%00%F0%9F%92%A5'))
    assert.deepInclude(odd.provinces, { id: 3, name: 'Bagmati' })

    const list = await viewer.agent.textOf('/members')
    assert.include(list, `places('/members/places?lang=en'`)
    assert.notInclude(list, 'Sudurpashchim', 'no place names written into the page')
    assert.isBelow(Buffer.byteLength(list), 40_000)
    const anonymous = new PortalAgent(portalHost(first))
    assert.notEqual(await anonymous.statusOf('/members/places'), 200)
  })

  test('data entry adds a member; the row and its audit entry are written together', async ({
    assert,
  }) => {
    const form = await clerk.agent.get('/members/new')
    assert.equal(form.status, 200)
    assert.include(form.text, 'x-data="places(')

    const saved = await clerk.agent.post(
      '/members',
      memberForm({ citizenship_number: '27-01-70-1' })
    )
    assert.equal(saved.status, 302)
    const [member] = await membersOf(first)
    assert.equal(saved.location, `/members/${member.id}`)
    assert.equal(member.membership_id, 'M-000001')
    assert.equal(member.phone, '+9779841234567')
    assert.equal(member.full_name_np, 'सीता कुमारी श्रेष्ठ')

    const page = await clerk.agent.get(`/members/${member.id}`)
    assert.include(page.text, 'Member M-000001 added.')
    assert.include(page.text, 'Kathmandu Metropolitan City, Ward 32, Kathmandu, Bagmati')

    const [audit] = await auditOf(first, member.id)
    assert.equal(audit.action, 'created')
    assert.equal(audit.user_id, clerk.user.id)
    assert.equal(audit.new_values.full_name, 'Sita Kumari Shrestha')
    assert.equal(audit.new_values.membership_id, 'M-000001')
    assert.isNull(audit.old_values)
    assert.equal(audit.user_agent, 'PortalAgent/1.0')
    assert.include(['127.0.0.1', '::1', '::ffff:127.0.0.1'], audit.ip_address)

    // An edit records only what changed.
    const edited = await clerk.agent.post(
      `/members/${member.id}?_method=PUT`,
      memberForm({ citizenship_number: '27-01-70-1', phone: '9801234567' }),
      { from: `/members/${member.id}/edit` }
    )
    assert.equal(edited.location, `/members/${member.id}`)
    const trail = await auditOf(first, member.id)
    assert.equal(trail.length, 2)
    assert.equal(trail[1].action, 'updated')
    assert.deepEqual(trail[1].old_values, { phone: '+9779841234567' })
    assert.deepEqual(trail[1].new_values, { phone: '+9779801234567' })
  })

  test('a viewer reads the register but cannot change it', async ({ assert }) => {
    const before = await membersOf(first)
    assert.equal(await viewer.agent.statusOf('/members'), 200)
    assert.equal(await viewer.agent.statusOf(`/members/${before[0].id}`), 200)
    const form = await viewer.agent.get('/members/new')
    assert.equal(form.status, 403)
    assert.include(form.text, 'You do not have permission to do that.')
    assert.equal(await viewer.agent.statusOf(`/members/${before[0].id}/edit`), 403)
    assert.equal(await viewer.agent.statusOf('/staff'), 403)

    const created = await viewer.agent.post('/members', memberForm(), { from: '/members' })
    assert.equal(created.status, 302)
    const updated = await viewer.agent.post(
      `/members/${before[0].id}?_method=PUT`,
      memberForm({ full_name: 'Changed by a viewer' })
    )
    assert.equal(updated.status, 302)
    const deleted = await viewer.agent.post(`/members/${before[0].id}?_method=DELETE`)
    assert.equal(deleted.status, 302)

    assert.deepEqual(await membersOf(first), before)
    assert.lengthOf(await auditOf(first, before[0].id), 2)
    assert.include(await viewer.agent.textOf('/members'), 'You do not have permission to do that.')
  })

  test('only admins and secretaries delete; a deleted member is gone from the register', async ({
    assert,
  }) => {
    const saved = await clerk.agent.post(
      '/members',
      memberForm({ full_name: 'Hari Prasad Koirala', citizenship_number: '27-01-70-2' }),
      { from: '/members/new' }
    )
    const id = Number(saved.location!.split('/').pop())
    await clerk.agent.post(`/members/${id}?_method=DELETE`, {}, { from: `/members/${id}` })
    assert.equal(await clerk.agent.statusOf(`/members/${id}`), 200)

    const removed = await admin.agent.post(
      `/members/${id}?_method=DELETE`,
      {},
      { from: `/members/${id}` }
    )
    assert.equal(removed.location, '/members')
    assert.equal(await admin.agent.statusOf(`/members/${id}`), 404)
    assert.notInclude(await admin.agent.textOf('/members'), 'Hari Prasad Koirala')

    const rows = await membersOf(first)
    const row = rows.find((member) => member.id === id)
    assert.isNotNull(row.deleted_at, 'soft-deleted, kept for history')
    const trail = await auditOf(first, id)
    assert.deepEqual(
      trail.map((entry) => [entry.action, entry.user_id]),
      [
        ['created', clerk.user.id],
        ['deleted', admin.user.id],
      ]
    )
  })

  test('validation errors come back on the form in English and in Nepali', async ({ assert }) => {
    const today = new Date()
    const tooYoung = `${today.getUTCFullYear() - 15}-01-01`
    const invalid = memberForm({
      full_name: 'Ramesh Thapa',
      phone: '014412345',
      date_of_birth: tooYoung,
      ward_number: 33,
    })
    const { length: count } = await membersOf(first)

    const refused = await clerk.agent.post('/members', invalid, { from: '/members/new' })
    assert.equal(refused.location, '/members/new')
    const english = await clerk.agent.textOf('/members/new')
    assert.include(english, 'This local level has wards 1 to 32')
    assert.include(english, 'A member must be at least 16 years old')
    assert.include(english, 'Enter a Nepali mobile number (10 digits starting with 96, 97 or 98)')
    assert.include(english, 'value="Ramesh Thapa"', 'what was typed is kept')

    await clerk.agent.switchLocale('ne')
    await clerk.agent.post('/members', invalid, { from: '/members/new' })
    const nepali = await clerk.agent.textOf('/members/new')
    await clerk.agent.switchLocale('en')
    assert.include(nepali, 'यो स्थानीय तहमा वडा १ देखि ३२ सम्म मात्र छन्')
    assert.include(nepali, 'सदस्य हुन कम्तीमा १६ वर्ष पुगेको हुनुपर्छ')
    assert.include(nepali, 'नेपाली मोबाइल नम्बर लेख्नुहोस्')
    assert.lengthOf(await membersOf(first), count)
  })

  test('PAN and landline: saved normalised, shown, audited; a wrong PAN is a form error', async ({
    assert,
  }) => {
    const { length: count } = await membersOf(first)
    for (const pan of ['12345678', '1234567890']) {
      const refused = await clerk.agent.post(
        '/members',
        memberForm({ full_name: 'Wrong Pan', pan_number: pan }),
        { from: '/members/new' }
      )
      assert.equal(refused.location, '/members/new', pan)
      assert.include(await clerk.agent.textOf('/members/new'), 'Enter a PAN of exactly 9 digits')
    }
    await clerk.agent.switchLocale('ne')
    await clerk.agent.post('/members', memberForm({ landline: '4412345' }), {
      from: '/members/new',
    })
    const nepali = await clerk.agent.textOf('/members/new')
    await clerk.agent.switchLocale('en')
    assert.include(nepali, 'क्षेत्र कोडसहितको नेपाली ल्यान्डलाइन नम्बर लेख्नुहोस्')
    assert.lengthOf(await membersOf(first), count)

    const saved = await clerk.agent.post(
      '/members',
      memberForm({
        full_name: 'Kamal Pan Holder',
        citizenship_number: '27-01-70-88',
        pan_number: '६०१२३४५६७',
        landline: '०१-४४१२३४५',
      }),
      { from: '/members/new' }
    )
    assert.match(saved.location ?? '', /^\/members\/\d+$/)
    const rows = await membersOf(first)
    const row = rows.find((m) => m.full_name === 'Kamal Pan Holder')
    assert.equal(row.pan_number, '601234567')
    assert.equal(row.landline, '+97714412345')
    const [created] = await auditOf(first, row.id)
    assert.equal(created.new_values.pan_number, '601234567')
    assert.equal(created.new_values.landline, '+97714412345')

    const page = await clerk.agent.textOf(saved.location!)
    assert.match(page, /data-test="member-pan">601234567</)
    assert.match(page, /data-test="member-landline">\+97714412345</)
    const edit = await clerk.agent.textOf(`${saved.location}/edit`)
    assert.include(edit, 'value="601234567"')

    // Search by PAN is an exact match, in either script; part of a PAN finds nobody by PAN.
    for (const q of ['601234567', '६०१२३४५६७', '601 234 567']) {
      const list = await viewer.agent.textOf(`/members?q=${encodeURIComponent(q)}`)
      assert.include(list, 'Kamal Pan Holder', q)
    }
    assert.notInclude(await viewer.agent.textOf('/members?q=60123456'), 'Kamal Pan Holder')
    assert.notInclude(await otherAdmin.agent.textOf('/members?q=601234567'), 'Kamal Pan Holder')
  })

  test('a citizenship number already held in the same district is a form error', async ({
    assert,
  }) => {
    await clerk.agent.post(
      '/members',
      memberForm({ full_name: 'Gita Rai', citizenship_number: '27-01-70-3' }),
      { from: '/members/new' }
    )
    const { length: count } = await membersOf(first)
    const duplicate = await clerk.agent.post(
      '/members',
      memberForm({ full_name: 'Gita Rai Again', citizenship_number: '२७ ०१ ७० ३' }),
      { from: '/members/new' }
    )
    assert.equal(duplicate.location, '/members/new')
    assert.include(
      await clerk.agent.textOf('/members/new'),
      'A member with this citizenship number from the same district already exists'
    )
    assert.lengthOf(await membersOf(first), count)
  })

  test('the same member id on two parties shows each party its own member', async ({ assert }) => {
    const saved = await otherAdmin.agent.post(
      '/members',
      memberForm({ full_name: 'Bishnu Maya Gurung', citizenship_number: '27-01-70-1' }),
      { from: '/members/new' }
    )
    const [theirs] = await membersOf(second)
    assert.equal(saved.location, `/members/${theirs.id}`)
    assert.equal(theirs.membership_id, 'M-000001', 'membership ids are per party')

    const [ours] = await membersOf(first)
    assert.equal(ours.id, theirs.id)
    const mine = await clerk.agent.get(`/members/${ours.id}`)
    assert.include(mine.text, 'Sita Kumari Shrestha')
    assert.notInclude(mine.text, 'Bishnu Maya Gurung')
    const other = await otherAdmin.agent.get(`/members/${theirs.id}`)
    assert.include(other.text, 'Bishnu Maya Gurung')
    assert.notInclude(other.text, 'Sita Kumari Shrestha')
    assert.notInclude(await otherAdmin.agent.textOf('/members'), 'Sita Kumari')
  })

  test('the dashboard counts members and charts them by province', async ({ assert }) => {
    const html = await viewer.agent.textOf('/dashboard')
    const rows = await membersOf(first)
    const live = rows.filter((member) => member.deleted_at === null)
    assert.include(html, `data-test="members-total">${live.length}<`)
    assert.include(html, 'Bagmati')
    // Every live member is in Bagmati here: its bar is the full 400 px, the others empty.
    assert.match(html, new RegExp(`Bagmati</text>\\s*<rect x="160" y="4" width="400"`))
    assert.match(html, /Koshi<\/text>\s*<rect x="160" y="4" width="0"/)
  })

  test('admins list deleted members and restore them, unless the number is taken again', async ({
    assert,
  }) => {
    const saved = await clerk.agent.post(
      '/members',
      memberForm({ full_name: 'Kamala Bhandari', citizenship_number: '27-01-70-9' }),
      { from: '/members/new' }
    )
    const id = Number(saved.location!.split('/').pop())
    await admin.agent.post(`/members/${id}?_method=DELETE`, {}, { from: `/members/${id}` })

    const deletedList = await admin.agent.textOf('/members?deleted=1')
    assert.include(deletedList, 'Deleted members')
    assert.include(deletedList, 'Kamala Bhandari')
    assert.notInclude(deletedList, 'Sita Kumari Shrestha')
    // Data entry cannot see or restore deleted members.
    assert.notInclude(await clerk.agent.textOf('/members?deleted=1'), 'Kamala Bhandari')
    await clerk.agent.post(`/members/${id}/restore`, {}, { from: '/members' })
    assert.equal(await clerk.agent.statusOf(`/members/${id}`), 404)

    const restored = await admin.agent.post(
      `/members/${id}/restore`,
      {},
      { from: '/members?deleted=1' }
    )
    assert.equal(restored.location, `/members/${id}`)
    assert.include(
      await admin.agent.textOf(`/members/${id}`),
      'Kamala Bhandari is back in the register.'
    )
    const trail = await auditOf(first, id)
    assert.deepEqual(
      trail.map((entry) => entry.action),
      ['created', 'deleted', 'restored']
    )

    // Deleted again; meanwhile someone else gets the same citizenship number.
    await admin.agent.post(`/members/${id}?_method=DELETE`, {}, { from: `/members/${id}` })
    await clerk.agent.post(
      '/members',
      memberForm({ full_name: 'Kamala Other', citizenship_number: '27-01-70-9' }),
      { from: '/members/new' }
    )
    const refused = await admin.agent.post(
      `/members/${id}/restore`,
      {},
      { from: '/members?deleted=1' }
    )
    assert.equal(refused.location, '/members?deleted=1')
    assert.include(
      await admin.agent.textOf('/members?deleted=1'),
      'Kamala Bhandari cannot be restored: another member now holds the same citizenship number.'
    )
    assert.lengthOf(await auditOf(first, id), 4, 'no audit row for the refused restore')
  })

  test('the form shows the Bikram Sambat date beside the AD one', async ({ assert }) => {
    const english = await clerk.agent.get('/calendar/bs?date=2025-11-28')
    assert.equal(english.status, 200)
    assert.deepEqual(JSON.parse(english.text), { bs: '12 Mangsir 2082' })
    await clerk.agent.switchLocale('ne')
    const nepali = await clerk.agent.textOf('/calendar/bs?date=1992-03-14')
    await clerk.agent.switchLocale('en')
    assert.deepEqual(JSON.parse(nepali), { bs: '२०४८ चैत्र १' })
    assert.equal(await clerk.agent.statusOf('/calendar/bs?date=2025-13-45'), 422)
    assert.equal(
      await new PortalAgent(portalHost(first)).statusOf('/calendar/bs?date=2025-11-28'),
      302
    )
  })
})
