import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { captureFirstAdmin } from '#party/staff/first_admin_credentials'
import type { StaffCredentials } from '#actions/staff/ensure_first_admin'
import { dropTenant } from '#tests/helpers/tenancy'
import { makeStaff, PortalAgent, portalHost } from '#tests/helpers/portal'

/**
 * Staff sign-in on party hosts: the first admin made at provisioning,
 * throttling, deactivation, and sessions that never cross parties.
 */
test.group('Party staff sign-in', (group) => {
  const suffix = randomBytes(3).toString('hex')
  let first: Tenant
  let second: Tenant
  let firstAdmin: StaffCredentials

  group.setup(async () => {
    first = await createTenant({
      slug: `staff-a-${suffix}`,
      name: 'Unity Party',
      nameNe: 'एकता पार्टी',
      template: 'political_party_nepal',
    })
    second = await createTenant({
      slug: `staff-b-${suffix}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
    })
    const capture = captureFirstAdmin(first.id)
    try {
      await provisioner.provision(first)
    } finally {
      capture.stop()
    }
    firstAdmin = capture.credentials!
    await provisioner.provision(second)
  })

  group.teardown(async () => {
    await dropTenant(first)
    await dropTenant(second)
  })

  test('provisioning gives the party its first admin, who can sign in', async ({ assert }) => {
    assert.equal(firstAdmin.email, `admin@${portalHost(first)}`)
    assert.isAtLeast(firstAdmin.password.length, 16)

    const agent = new PortalAgent(portalHost(first))
    const before = await agent.get('/dashboard')
    assert.equal(before.status, 302)
    assert.equal(before.location, '/login')

    const login = await agent.login(firstAdmin.email.toUpperCase(), firstAdmin.password)
    assert.equal(login.status, 302)
    assert.equal(login.location, '/dashboard')
    // The first admin's account is in Nepali, and its language wins at sign-in.
    const dashboard = await agent.get('/dashboard')
    assert.equal(dashboard.status, 200)
    assert.include(dashboard.text, 'दलको प्रशासक')
    assert.include(dashboard.text, 'प्रदेशअनुसार सदस्य')

    const audit = await tenancy.run(first, () =>
      tenancy.db().from('audit_logs').where('action', 'login').select('*')
    )
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].auditable_type, 'users')
    assert.equal(audit[0].user_agent, 'PortalAgent/1.0')
    assert.isNotNull(audit[0].ip_address)

    const logout = await agent.post('/logout', {}, { from: '/dashboard' })
    assert.equal(logout.location, '/login')
    const after = await agent.get('/dashboard')
    assert.equal(after.location, '/login')
  })

  test('a wrong password is refused in the reader’s language', async ({ assert }) => {
    const agent = new PortalAgent(portalHost(first))
    await agent.switchLocale('ne')
    const refused = await agent.login(firstAdmin.email, 'not-the-password')
    assert.equal(refused.status, 302)
    const page = await agent.get('/login')
    assert.include(page.text, 'कर्मचारी लगइन')
    assert.include(page.text, 'इमेल वा पासवर्ड मिलेन।')
    assert.notInclude(page.text, 'not-the-password')
    assert.equal(await agent.statusOf('/dashboard'), 302)
  })

  test('a session from one party is worthless on another party’s host', async ({ assert }) => {
    const { user, email, password } = await makeStaff(first, 'viewer')
    // The other party has an admin under the very same user id.
    await tenancy.run(second, () =>
      tenancy
        .db()
        .table('users')
        .insert({
          id: user.id,
          full_name: 'Same id elsewhere',
          email: `same-id-${user.id}@example.org`,
          password: 'x',
          role: 'admin',
          created_at: new Date(),
        })
    )
    const agent = new PortalAgent(portalHost(first))
    await agent.login(email, password)
    assert.equal(await agent.statusOf('/members'), 200)

    // The same cookies, replayed against the second party's host.
    agent.host = portalHost(second)
    const crossed = await agent.get('/members')
    assert.equal(crossed.status, 302)
    assert.equal(crossed.location, '/login')

    // The same account does not exist on the other party either.
    const elsewhere = new PortalAgent(portalHost(second))
    await elsewhere.login(email, password)
    assert.equal(await elsewhere.locationOf('/dashboard'), '/login')
  })

  test('five wrong passwords lock the account, even for the right one', async ({ assert }) => {
    const target = await makeStaff(first, 'secretary')
    const bystander = await makeStaff(first, 'viewer')
    const agent = new PortalAgent(portalHost(first))
    for (let attempt = 0; attempt < 5; attempt++) {
      await agent.login(target.email, `wrong-${attempt}`)
    }
    const fifth = await agent.get('/login')
    assert.include(fifth.text, 'The email or password is incorrect.')
    await agent.login(target.email, target.password)
    assert.match(await agent.textOf('/login'), /Too many failed attempts. Try again in 15 minutes/)
    assert.equal(await agent.locationOf('/dashboard'), '/login')

    // Another account from the same address is not locked by it.
    const other = new PortalAgent(portalHost(first))
    const ok = await other.login(bystander.email, bystander.password)
    assert.equal(ok.location, '/dashboard')
  })

  test('a deactivated account cannot sign in and its live session ends', async ({ assert }) => {
    const admin = new PortalAgent(portalHost(first))
    await admin.login(firstAdmin.email, firstAdmin.password)
    const leaver = await makeStaff(first, 'data_entry')
    const session = new PortalAgent(portalHost(first))
    await session.login(leaver.email, leaver.password)
    assert.equal(await session.statusOf('/members'), 200)

    const deactivated = await admin.post(
      `/staff/${leaver.user.id}/deactivate`,
      {},
      { from: '/staff' }
    )
    assert.equal(deactivated.location, '/staff')

    const next = await session.get('/members')
    assert.equal(next.status, 302)
    assert.equal(next.location, '/login')
    const again = new PortalAgent(portalHost(first))
    await again.login(leaver.email, leaver.password)
    assert.equal(await again.locationOf('/dashboard'), '/login')

    const audit = await tenancy.run(first, () =>
      tenancy
        .db()
        .from('audit_logs')
        .where({ action: 'deactivated', auditable_id: leaver.user.id })
        .first()
    )
    assert.deepEqual(audit.new_values, { is_active: false })
  })

  test('an admin invites staff: the one-time password is shown once and works', async ({
    assert,
  }) => {
    const admin = new PortalAgent(portalHost(first))
    await admin.login(firstAdmin.email, firstAdmin.password)
    const email = `ramesh-${suffix}@example.org`
    const invited = await admin.post(
      '/staff',
      {
        full_name: 'Ramesh Adhikari',
        full_name_np: 'रमेश अधिकारी',
        email,
        role: 'treasurer',
        locale: 'ne',
      },
      { from: '/staff/new' }
    )
    assert.equal(invited.status, 200)
    assert.equal(invited.headers['cache-control'], 'no-store')
    const password = /data-test="invited-password">([^<]+)</.exec(invited.text)?.[1]
    assert.isString(password)
    assert.notInclude(await admin.textOf('/staff'), password!, 'shown only once')

    const user = await tenancy.run(first, () =>
      tenancy.db().from('users').where('email', email).first()
    )
    assert.equal(user.role, 'treasurer')
    assert.notEqual(user.password, password, 'stored hashed')
    const trail = await tenancy.run(first, () =>
      tenancy.db().from('audit_logs').where({ action: 'created', auditable_id: user.id }).first()
    )
    assert.equal(trail.new_values.role, 'treasurer')

    const newcomer = new PortalAgent(portalHost(first))
    const signedIn = await newcomer.login(email.toUpperCase(), password!)
    assert.equal(signedIn.location, '/dashboard')
    assert.equal(await newcomer.statusOf('/staff'), 403, 'only admins manage staff')
    assert.equal(await newcomer.statusOf('/members/new'), 403, 'treasurers do not edit members')

    // The same email again (any case) is a form error, in Nepali too.
    await admin.switchLocale('ne')
    const again = await admin.post(
      '/staff',
      { full_name: 'Someone Else', email: email.toUpperCase(), role: 'viewer', locale: 'en' },
      { from: '/staff/new' }
    )
    assert.equal(again.location, '/staff/new')
    assert.include(await admin.textOf('/staff/new'), 'यो इमेल भएको कर्मचारी खाता पहिले नै छ')

    // Nobody deactivates themselves.
    const self = await tenancy.run(first, () =>
      tenancy.db().from('users').where('email', firstAdmin.email).first()
    )
    await admin.post(`/staff/${self.id}/deactivate`, {}, { from: '/staff' })
    assert.equal(await admin.statusOf('/dashboard'), 200)
  })

  test('the language a signed-in person picks is kept on their account', async ({ assert }) => {
    const { user, email, password } = await makeStaff(first, 'secretary')
    const agent = new PortalAgent(portalHost(first))
    await agent.login(email, password)
    assert.include(await agent.textOf('/dashboard'), 'Members by province')
    await agent.switchLocale('ne')
    assert.include(await agent.textOf('/dashboard'), 'प्रदेशअनुसार सदस्य')
    await tenancy.run(first, () => user.refresh())
    assert.equal(user.locale, 'ne')

    // On another browser, signing in brings the account's language back.
    const elsewhere = new PortalAgent(portalHost(first))
    await elsewhere.switchLocale('en')
    await elsewhere.login(email, password)
    assert.include(await elsewhere.textOf('/dashboard'), 'प्रदेशअनुसार सदस्य')
  })
})
