import { test } from '@japa/runner'
import { createHash, randomBytes } from 'node:crypto'
import mail from '@adonisjs/mail/services/main'
import type { BaseMail } from '@adonisjs/mail'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { dropTenant, sleep } from '#tests/helpers/tenancy'
import { makeStaff, PortalAgent, portalHost } from '#tests/helpers/portal'
import { resetRateLimits } from '#tests/helpers/rate_limits'
import PasswordResetMail from '#mails/password_reset_mail'

type FakeMailer = ReturnType<typeof mail.fake>

/** The reset mails queued so far, rendered: recipient, subject, text and html. */
async function resetMails(fake: FakeMailer) {
  // The controller queues the mail without waiting for it.
  await sleep(50)
  const queued = fake.mails.queued((sent: BaseMail) => sent instanceof PasswordResetMail)
  return Promise.all(
    queued.map(async (sent) => {
      await sent.buildWithContents()
      const { message } = sent.message.toJSON()
      const to = message.to as { address: string }[]
      return {
        to: to.map((recipient) => recipient.address),
        subject: String(message.subject),
        text: String(message.text),
        html: String(message.html),
      }
    })
  )
}

/** The reset link in a mail's text, as a path, and its token. */
function linkIn(text: string, host: string) {
  const match = new RegExp(
    `http://${host.replaceAll('.', '\\.')}(?::\\d+)?(/reset-password/([A-Za-z0-9_-]+))`
  ).exec(text)
  if (!match) throw new Error(`no reset link for ${host} in:\n${text}`)
  return { path: match[1], token: match[2] }
}

/** Where signing in with these credentials on this party's host leads. */
async function signInLeadsTo(host: string, email: string, password: string) {
  const response = await new PortalAgent(host).login(email, password)
  return response.location
}

function auditOf(tenant: Tenant, userId: number) {
  return tenancy.run(tenant, () =>
    tenancy
      .db()
      .from('audit_logs')
      .where({ auditable_type: 'users', auditable_id: userId })
      .whereIn('action', ['password_reset_requested', 'password_reset'])
      .orderBy('id')
      .select('*')
  )
}

/**
 * Password reset by mailed token on party hosts: the full flow with the mail
 * captured, single use, expiry, tokens that never cross parties, the same
 * answer for unknown emails, and throttling.
 */
test.group('Party staff password reset', (group) => {
  const suffix = randomBytes(3).toString('hex')
  let first: Tenant
  let second: Tenant
  let fake: FakeMailer

  group.setup(async () => {
    first = await createTenant({
      slug: `reset-a-${suffix}`,
      name: 'Unity Party',
      nameNe: 'एकता पार्टी',
      template: 'political_party_nepal',
    })
    second = await createTenant({
      slug: `reset-b-${suffix}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
    })
    await Promise.all([provisioner.provision(first), provisioner.provision(second)])
  })

  group.teardown(async () => {
    await dropTenant(first)
    await dropTenant(second)
  })

  group.each.setup(async () => {
    await resetRateLimits()
    fake = mail.fake()
    return () => mail.restore()
  })

  test('forgot → mail → new password: old sessions end, the old password stops working', async ({
    assert,
  }) => {
    const host = portalHost(first)
    const staff = await makeStaff(first, 'secretary')
    const elsewhere = new PortalAgent(host)
    await elsewhere.login(staff.email, staff.password)
    assert.equal(await elsewhere.statusOf('/members'), 200)

    const agent = new PortalAgent(host)
    const login = await agent.textOf('/login')
    assert.include(login, 'href="/forgot-password"')
    const form = await agent.get('/forgot-password')
    assert.equal(form.status, 200)
    assert.include(form.text, 'Reset your password')

    const asked = await agent.post(
      '/forgot-password',
      { email: staff.email.toUpperCase() },
      { from: '/forgot-password' }
    )
    assert.equal(asked.location, '/forgot-password')
    assert.include(
      await agent.textOf('/forgot-password'),
      'If that email belongs to an active staff account of this party, a reset link is on its way. It works for 60 minutes.'
    )

    const mails = await resetMails(fake)
    assert.lengthOf(mails, 1)
    assert.deepEqual(mails[0].to, [staff.email])
    assert.equal(mails[0].subject, 'Reset your password for Unity Party')
    const { path, token } = linkIn(mails[0].text, host)
    assert.include(mails[0].html, `/reset-password/${token}`)
    assert.include(mails[0].text, 'The link works once, for 60 minutes.')

    // Only the hash is stored, expiring in an hour.
    const rows = await tenancy.run(first, () =>
      tenancy.db().from('password_reset_tokens').where('user_id', staff.user.id).select('*')
    )
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].token_hash, createHash('sha256').update(token).digest('hex'))
    assert.notInclude(JSON.stringify(rows), token)
    const minutesLeft = (new Date(rows[0].expires_at).getTime() - Date.now()) / 60_000
    assert.isAbove(minutesLeft, 59)
    assert.isAtMost(minutesLeft, 60)

    const page = await agent.get(path)
    assert.equal(page.status, 200)
    assert.include(page.text, 'Choose a new password')
    assert.equal(page.headers['cache-control'], 'no-store')
    assert.equal(page.headers['referrer-policy'], 'no-referrer')

    const mismatch = await agent.post(path, {
      password: 'a-new-password-123',
      password_confirmation: 'another-password-123',
    })
    assert.equal(mismatch.location, path)
    assert.include(await agent.textOf(path), 'The two passwords do not match')
    await agent.post(path, { password: 'short', password_confirmation: 'short' })
    assert.include(await agent.textOf(path), 'The new password must be at least 12 characters long')

    const done = await agent.post(path, {
      password: 'a-new-password-123',
      password_confirmation: 'a-new-password-123',
    })
    assert.equal(done.location, '/login')
    assert.include(
      await agent.textOf('/login'),
      'Your password has been changed. Sign in with the new one.'
    )

    // The session made with the old password is over.
    assert.equal(await elsewhere.locationOf('/members'), '/login')
    assert.equal(await signInLeadsTo(host, staff.email, staff.password), '/login')
    assert.equal(await signInLeadsTo(host, staff.email, 'a-new-password-123'), '/dashboard')

    // Single use: the link is dead now, on the page and on the form.
    const reused = await agent.get(path)
    assert.equal(reused.status, 404)
    assert.include(reused.text, 'The reset link is wrong, expired or already used.')
    const replay = await agent.post(path, {
      password: 'hijacked-password-1',
      password_confirmation: 'hijacked-password-1',
    })
    assert.equal(replay.status, 404)
    assert.equal(await signInLeadsTo(host, staff.email, 'a-new-password-123'), '/dashboard')

    const audit = await auditOf(first, staff.user.id)
    assert.deepEqual(
      audit.map((row) => row.action),
      ['password_reset_requested', 'password_reset']
    )
    assert.isNull(audit[0].user_id, 'whoever asked is anonymous')
    assert.equal(audit[1].user_id, staff.user.id)
    assert.notInclude(JSON.stringify(audit), token)
    assert.notInclude(JSON.stringify(audit), 'a-new-password-123')
  })

  test('the mail is in the account’s language; the pages in the reader’s', async ({ assert }) => {
    const staff = await makeStaff(first, 'viewer')
    await tenancy.run(first, async () => {
      staff.user.locale = 'ne'
      staff.user.fullNameNp = 'सीता श्रेष्ठ'
      await staff.user.save()
    })
    const agent = new PortalAgent(portalHost(first))
    await agent.switchLocale('ne')
    const form = await agent.textOf('/forgot-password')
    assert.include(form, 'पासवर्ड रिसेट')
    await agent.post('/forgot-password', { email: staff.email }, { from: '/forgot-password' })
    assert.include(await agent.textOf('/forgot-password'), 'रिसेट लिङ्क पठाइएको छ')

    const [sent] = await resetMails(fake)
    assert.equal(sent.subject, 'एकता पार्टी मा तपाईंको पासवर्ड रिसेट')
    assert.include(sent.text, 'नमस्ते सीता श्रेष्ठ,')
    assert.include(sent.text, '६० मिनेटसम्म चल्छ')
    const { path } = linkIn(sent.text, portalHost(first))
    assert.include(await agent.textOf(path), 'नयाँ पासवर्ड छान्नुहोस्')
  })

  test('a token of one party does nothing on another party’s host', async ({ assert }) => {
    const staff = await makeStaff(first, 'admin')
    // The other party has an account with the same id and email.
    await tenancy.run(second, () =>
      tenancy.db().table('users').insert({
        id: staff.user.id,
        full_name: 'Same id elsewhere',
        email: staff.email,
        password: 'not-a-hash',
        role: 'admin',
        created_at: new Date(),
      })
    )
    const agent = new PortalAgent(portalHost(first))
    await agent.post('/forgot-password', { email: staff.email }, { from: '/forgot-password' })
    const [sent] = await resetMails(fake)
    const { path } = linkIn(sent.text, portalHost(first))

    const crossed = new PortalAgent(portalHost(second))
    const page = await crossed.get(path)
    assert.equal(page.status, 404)
    assert.include(page.text, 'The reset link is wrong, expired or already used.')
    const posted = await crossed.post(
      path,
      { password: 'crossed-password-1', password_confirmation: 'crossed-password-1' },
      { from: '/forgot-password' }
    )
    assert.equal(posted.status, 404)
    const other = await tenancy.run(second, () =>
      tenancy.db().from('users').where('id', staff.user.id).first()
    )
    assert.equal(other.password, 'not-a-hash', 'the other party’s account is untouched')

    // Still good on its own party's host.
    const own = await agent.post(path, {
      password: 'own-party-password-1',
      password_confirmation: 'own-party-password-1',
    })
    assert.equal(own.location, '/login')
  })

  test('an expired token fails, and asking again replaces the earlier link', async ({ assert }) => {
    const staff = await makeStaff(first, 'treasurer')
    const agent = new PortalAgent(portalHost(first))
    await agent.post('/forgot-password', { email: staff.email }, { from: '/forgot-password' })
    const [firstMail] = await resetMails(fake)
    const expired = linkIn(firstMail.text, portalHost(first))
    await tenancy.run(first, () =>
      tenancy
        .db()
        .from('password_reset_tokens')
        .where('user_id', staff.user.id)
        .update({ expires_at: new Date(Date.now() - 1000) })
    )
    assert.equal(await agent.statusOf(expired.path), 404)
    const late = await agent.post(expired.path, {
      password: 'too-late-password-1',
      password_confirmation: 'too-late-password-1',
    })
    assert.equal(late.status, 404)
    assert.equal(await signInLeadsTo(portalHost(first), staff.email, staff.password), '/dashboard')

    await agent.post('/forgot-password', { email: staff.email }, { from: '/forgot-password' })
    await agent.post('/forgot-password', { email: staff.email }, { from: '/forgot-password' })
    const mails = await resetMails(fake)
    assert.lengthOf(mails, 3)
    const older = linkIn(mails[1].text, portalHost(first))
    const newest = linkIn(mails[2].text, portalHost(first))
    assert.equal(await agent.statusOf(older.path), 404, 'a newer request replaces it')
    assert.equal(await agent.statusOf(newest.path), 200)
    for (const hostile of [
      'x',
      'a'.repeat(43),
      '../../etc',
      '\u0000',
      'é'.repeat(43),
      '1 OR 1=1',
    ]) {
      const status = await agent.statusOf(`/reset-password/${encodeURIComponent(hostile)}`)
      assert.equal(status, 404, hostile)
    }
  })

  test('an unknown or deactivated email gets the same answer and no mail', async ({ assert }) => {
    const leaver = await makeStaff(first, 'data_entry')
    await tenancy.run(first, async () => {
      leaver.user.isActive = false
      await leaver.user.save()
    })
    const known = await makeStaff(first, 'viewer')
    const answers: string[] = []
    for (const email of [known.email, 'nobody-here@example.org', leaver.email]) {
      const agent = new PortalAgent(portalHost(first))
      const posted = await agent.post('/forgot-password', { email }, { from: '/forgot-password' })
      assert.equal(posted.location, '/forgot-password')
      const page = await agent.textOf('/forgot-password')
      answers.push(
        page.replaceAll(/name='_csrf' value='[^']+'/g, '').replace(/value="[^"]*@[^"]*"/, '')
      )
    }
    assert.equal(answers[1], answers[0])
    assert.equal(answers[2], answers[0])
    const mails = await resetMails(fake)
    assert.deepEqual(
      mails.map((sent) => sent.to[0]),
      [known.email]
    )
    const tokens = await tenancy.run(first, () =>
      tenancy.db().from('password_reset_tokens').where('user_id', leaver.user.id).select('id')
    )
    assert.lengthOf(tokens, 0)

    const agent = new PortalAgent(portalHost(first))
    const bad = await agent.post(
      '/forgot-password',
      { email: 'not an email' },
      {
        from: '/forgot-password',
      }
    )
    assert.equal(bad.location, '/forgot-password')
    assert.include(await agent.textOf('/forgot-password'), 'Enter a valid email address')
  })

  test('requests are throttled per email and per address, known or not', async ({ assert }) => {
    const staff = await makeStaff(first, 'viewer')
    const agent = new PortalAgent(portalHost(first))
    for (let attempt = 1; attempt <= 3; attempt++) {
      await agent.post('/forgot-password', { email: staff.email }, { from: '/forgot-password' })
      assert.include(await agent.textOf('/forgot-password'), 'a reset link is on its way')
    }
    await agent.post('/forgot-password', { email: staff.email }, { from: '/forgot-password' })
    assert.match(
      await agent.textOf('/forgot-password'),
      /Too many reset requests. Try again in 15 minutes/
    )
    assert.lengthOf(await resetMails(fake), 3, 'the fourth request sends nothing')

    // The same limit for an address nobody has: the limit reveals nothing.
    for (let attempt = 1; attempt <= 3; attempt++) {
      await agent.post(
        '/forgot-password',
        { email: 'ghost@example.org' },
        { from: '/forgot-password' }
      )
    }
    await agent.post(
      '/forgot-password',
      { email: 'ghost@example.org' },
      { from: '/forgot-password' }
    )
    assert.match(await agent.textOf('/forgot-password'), /Too many reset requests/)

    // Per address: 10 requests from one IP, whatever the emails; 6 counted above (refused ones
    // are not).
    for (const n of [1, 2, 3, 4]) {
      await agent.post(
        '/forgot-password',
        { email: `other-${n}@example.org` },
        { from: '/forgot-password' }
      )
      assert.include(await agent.textOf('/forgot-password'), 'a reset link is on its way')
    }
    await agent.post(
      '/forgot-password',
      { email: 'other-5@example.org' },
      { from: '/forgot-password' }
    )
    assert.match(await agent.textOf('/forgot-password'), /Too many reset requests/)

    // Another party's form is counted apart.
    const elsewhere = new PortalAgent(portalHost(second))
    await elsewhere.post('/forgot-password', { email: staff.email }, { from: '/forgot-password' })
    assert.include(await elsewhere.textOf('/forgot-password'), 'a reset link is on its way')
  })

  test('without SMTP the log mailer sends nothing and renders the mail it would send', async ({
    assert,
  }) => {
    mail.restore()
    assert.equal(mail.config.default, 'log', 'no SMTP_HOST in the test environment')
    const url = `http://${portalHost(first)}/reset-password/${'t'.repeat(43)}`
    const response = await mail.use('log').send(
      new PasswordResetMail({
        email: 'someone@example.org',
        fullName: 'Someone',
        locale: 'xx',
        partyName: 'Unity Party',
        url,
      })
    )
    const built = JSON.parse((response.original as { message: string }).message)
    assert.equal(
      built.subject,
      'Reset your password for Unity Party',
      'an unknown locale falls back to English'
    )
    assert.include(built.text, url)
    assert.include(built.html, `href="${url}"`)
    assert.deepEqual(built.to, [{ address: 'someone@example.org', name: 'Someone' }])
  })
})
