import { test } from '@japa/runner'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import app from '@adonisjs/core/services/app'
import type { Worker } from 'bullmq'
import JobRun from '#models/landlord/job_run'
import { defineJob, dispatch, startWorker } from '#services/job_queue'
import Admin from '#models/landlord/admin'
import Tenant from '#models/landlord/tenant'
import TenantTemplate from '#models/landlord/tenant_template'
import { tenantProgressChannel, type JobRunEvent } from '#services/job_broadcast'
import { dispatchProvisioning, PROVISION_TENANT_JOB } from '#jobs/provision_tenant_job'
import { createTenant } from '#actions/tenants/create_tenant'
import { dropTenant, randomSuffix, sleep } from '#tests/helpers/tenancy'
import { resetRateLimits } from '#tests/helpers/rate_limits'
import { emptyQueues } from '#tests/helpers/queues'
import { baseUrl } from '#tests/helpers/browser'

const ROOT = process.env.TENANT_ROOT_DOMAIN ?? 'sangathan.test'

const REPORTING_JOB = defineJob<{ tenantId: number }>('test-live-reporting', async (_, context) => {
  await context.progress({ stage: 'basic', index: 1, total: 2, percent: 50 })
  await context.progress({ stage: 'basic', index: 2, total: 2, percent: 100 })
  return { done: true }
})

/** A browser-like session on the console host: cookies kept, CSRF token read from pages. */
class ConsoleSession {
  cookies = new Map<string, string>()
  csrfToken = ''

  get cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  async request(path: string, init: RequestInit & { host?: string } = {}) {
    const headers = new Headers(init.headers)
    headers.set('cookie', this.cookieHeader)
    if (init.host) headers.set('host', init.host)
    const response = await fetch(`${baseUrl()}${path}`, { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...value] = pair.split('=')
      this.cookies.set(name.trim(), value.join('='))
    }
    return response
  }

  /** Status of a request sent with another Host (fetch() always sends the URL's own). */
  statusOn(host: string, method: string, path: string, body?: string) {
    const url = new URL(baseUrl())
    return new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: {
            'host': host,
            'cookie': this.cookieHeader,
            'content-type': 'application/json',
            'x-csrf-token': this.csrfToken,
          },
        },
        (response) => {
          response.destroy()
          resolve(response.statusCode!)
        }
      )
      outgoing.on('error', reject)
      outgoing.end(body || undefined)
    })
  }

  async page(path: string) {
    const response = await this.request(path)
    const html = await response.text()
    const token = /name=['"]_csrf['"] value=['"]([^'"]+)['"]/.exec(html)?.[1]
    if (token) this.csrfToken = token
    return { response, html }
  }

  async login(email: string, password: string) {
    await this.page('/admin/login')
    const response = await this.request('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password, _csrf: this.csrfToken }),
    })
    if (response.status !== 302 || response.headers.get('location') !== '/admin') {
      throw new Error(`login failed: ${response.status} ${response.headers.get('location')}`)
    }
    await this.page('/admin')
  }

  subscribe(uid: string, channel: string) {
    return this.request('/__transmit/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrfToken },
      body: JSON.stringify({ uid, channel }),
    })
  }
}

/** An open server-sent events stream, parsed into transmit messages as they arrive. */
class EventStream {
  messages: { channel: string; payload: unknown }[] = []
  #waiters: (() => void)[] = []
  #abort = new AbortController()

  static async open(session: ConsoleSession, uid: string) {
    const stream = new EventStream()
    const response = await session.request(`/__transmit/events?uid=${uid}`, {
      headers: { accept: 'text/event-stream' },
      signal: stream.#abort.signal,
    })
    if (response.status !== 200) throw new Error(`stream refused: ${response.status}`)
    void stream.#read(response.body!)
    return { stream, response }
  }

  async #read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = frame
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n')
          if (data) this.messages.push(JSON.parse(data))
          this.#waiters.splice(0).forEach((wake) => wake())
        }
      }
    } catch {
      // Closed by the test.
    }
  }

  /** Waits until a message matches (or the timeout passes). */
  async waitFor(match: (payload: JobRunEvent) => boolean, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const found = this.messages.find((message) => match(message.payload as JobRunEvent))
      if (found) return found.payload as JobRunEvent
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve)
        setTimeout(resolve, 250)
      })
    }
    throw new Error(`no matching event; got ${JSON.stringify(this.messages)}`)
  }

  close() {
    this.#abort.abort()
  }
}

test.group('Live provisioning progress (server-sent events)', (group) => {
  const admins: Admin[] = []
  const tenants: Tenant[] = []
  let worker: ChildProcess | undefined

  group.setup(emptyQueues)
  group.each.setup(() => resetRateLimits())
  group.teardown(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL')
    for (const tenant of tenants) await dropTenant(tenant)
    for (const admin of admins) await admin.delete()
  })

  async function signedIn() {
    const email = `live-${randomSuffix()}@sangathan.test`
    admins.push(await Admin.create({ fullName: 'Live Operator', email, password: 'live-pass-123' }))
    const session = new ConsoleSession()
    await session.login(email, 'live-pass-123')
    return session
  }

  test('progress stored by a job in a queue:work process reaches a subscribed stream on the console host', async ({
    assert,
  }) => {
    const session = await signedIn()
    const tenant = await createTenant({
      slug: `live-${randomSuffix()}`,
      name: 'Live Progress Party',
      template: 'political_party_nepal',
    })
    tenants.push(tenant)
    const uid = randomUUID()
    const { stream, response } = await EventStream.open(session, uid)
    assert.equal(response.headers.get('content-type'), 'text/event-stream')
    try {
      const subscribed = await session.subscribe(uid, tenantProgressChannel(tenant.slug))
      assert.equal(subscribed.status, 204)

      // The job runs in another process: its broadcasts reach this server through Redis.
      worker = spawn(process.execPath, ['ace.js', 'queue:work'], {
        cwd: app.makePath(),
        env: { ...process.env, NODE_ENV: 'test' },
        stdio: 'ignore',
      })
      const { runId } = await dispatchProvisioning(tenant.id)

      const done = await stream.waitFor((event) => event.run?.status === 'completed', 90_000)
      assert.equal(done.runId, runId)
      assert.equal(done.job, PROVISION_TENANT_JOB)
      assert.deepEqual(done.tenant, { slug: tenant.slug, status: 'active', error: null })
      assert.isNotNull(done.run?.startedAt)
      assert.isNotNull(done.run?.finishedAt)

      const events = stream.messages
        .filter((message) => message.channel === tenantProgressChannel(tenant.slug))
        .map((message) => message.payload as JobRunEvent)
      assert.equal(events[0].run?.status, 'running', 'the first event says the run started')
      const progress = events.flatMap((event) => (event.progress ? [event.progress] : []))
      const migrations = progress.filter((entry) => entry.migration !== null)
      assert.isAbove(migrations.length, 3, 'each migration is reported, i of n')
      for (const entry of migrations) {
        assert.isAbove(entry.total!, 0)
        assert.isAtMost(entry.index!, entry.total!)
      }
      const percents = progress.map((entry) => entry.percent!)
      assert.deepEqual(
        percents,
        [...percents].sort((a, b) => a - b),
        'the bar never moves back'
      )
      assert.equal(percents.at(-1), 100)
      assert.deepEqual([...new Set(progress.map((entry) => entry.stage))].slice(0, 3), [
        'validate',
        'create_database',
        'basic',
      ])
      assert.equal(events.at(-1), done, 'completion is the last event')
    } finally {
      stream.close()
      worker?.kill('SIGTERM')
    }
  }).timeout(120_000)

  test('a stream or subscription without a super-admin session is refused', async ({ assert }) => {
    const template = await TenantTemplate.findByOrFail('name', 'political_party_nepal')
    const tenant = await Tenant.create({
      slug: `live-${randomSuffix()}`,
      name: 'Closed Party',
      templateId: template.id,
    })
    tenants.push(tenant)
    const stranger = new ConsoleSession()
    await stranger.page('/admin/login')
    const uid = randomUUID()

    const streamed = await stranger.request(`/__transmit/events?uid=${uid}`, {
      headers: { accept: 'text/event-stream' },
    })
    assert.equal(streamed.status, 302)
    assert.match(streamed.headers.get('location')!, /^\/admin\/login\b/)
    const subscribed = await stranger.subscribe(uid, tenantProgressChannel(tenant.slug))
    assert.equal(subscribed.status, 302)
    assert.match(subscribed.headers.get('location')!, /^\/admin\/login\b/)

    // Signed in: the same subscription goes through, but not for a tenant that does not exist.
    const session = await signedIn()
    const { stream } = await EventStream.open(session, uid)
    try {
      const known = await session.subscribe(uid, tenantProgressChannel(tenant.slug))
      assert.equal(known.status, 204)
      const unknown = await session.subscribe(uid, tenantProgressChannel(`no-${tenant.slug}`))
      assert.equal(unknown.status, 400)
    } finally {
      stream.close()
    }
  })

  test('a party portal host has no transmit routes', async ({ assert }) => {
    const template = await TenantTemplate.findByOrFail('name', 'political_party_nepal')
    const tenant = await Tenant.create({
      slug: `live-${randomSuffix()}`,
      name: 'Portal Party',
      templateId: template.id,
    })
    tenants.push(tenant)
    const session = await signedIn()
    const uid = randomUUID()
    const host = `${tenant.slug}.${ROOT}`
    const body = JSON.stringify({ uid, channel: tenantProgressChannel(tenant.slug) })
    const consoleHost = new URL(baseUrl()).host

    // The portal host answers (the party's page, 503 while it is not provisioned)…
    assert.equal(await session.statusOn(host, 'GET', '/'), 503)
    // …but not on the transmit routes, even with a signed-in console session's cookie.
    const { stream } = await EventStream.open(session, uid)
    try {
      for (const [method, path] of [
        ['GET', `/__transmit/events?uid=${uid}`],
        ['POST', '/__transmit/subscribe'],
        ['POST', '/__transmit/unsubscribe'],
        ['GET', '/vendor/transmit.js'],
      ]) {
        const status = await session.statusOn(host, method, path, method === 'POST' ? body : '')
        assert.equal(status, 404, `${method} ${path} on ${host}`)
      }
      // The same requests on the console host go through.
      assert.equal(await session.statusOn(consoleHost, 'POST', '/__transmit/subscribe', body), 204)
      assert.equal(await session.statusOn(consoleHost, 'GET', '/vendor/transmit.js'), 200)
    } finally {
      stream.close()
    }
  })

  test('a job whose broadcasts cannot be sent still runs to the end, at full speed', async ({
    assert,
  }) => {
    const template = await TenantTemplate.findByOrFail('name', 'political_party_nepal')
    const tenant = await Tenant.create({
      slug: `live-${randomSuffix()}`,
      name: 'Silent Party',
      templateId: template.id,
    })
    tenants.push(tenant)
    // The transmit service never comes: every broadcast of the job waits for it forever.
    const transmit = await app.container.make('transmit')
    app.container.bindValue('transmit', { then() {} } as never)
    let jobWorker: Worker | undefined
    try {
      jobWorker = startWorker()
      const { runId } = await dispatch(REPORTING_JOB, { tenantId: tenant.id })
      const deadline = Date.now() + 10_000
      let run = await JobRun.findOrFail(runId)
      while (!run.isFinished && Date.now() < deadline) {
        await sleep(50)
        run = await JobRun.findOrFail(runId)
      }
      assert.equal(run.status, 'completed')
      assert.deepEqual(run.progress, { stage: 'basic', index: 2, total: 2, percent: 100 })
    } finally {
      await jobWorker?.close()
      app.container.bindValue('transmit', transmit)
    }
  })
})
