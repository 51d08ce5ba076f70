import { test } from '@japa/runner'
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { configProvider } from '@adonisjs/core'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { Session } from '@adonisjs/session'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import type { SessionConfig, SessionStoreFactory } from '@adonisjs/session/types'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import Admin from '#models/landlord/admin'
import { resetRateLimits } from '#tests/helpers/rate_limits'

type StoreName = 'database' | 'redis'
type ResolvedSessionConfig = SessionConfig & {
  store: string
  stores: Record<string, SessionStoreFactory>
}

const COOKIE = 'sangathan-session'
const ROOT = process.env.TENANT_ROOT_DOMAIN ?? 'sangathan.test'

async function sessionConfig() {
  const config = await configProvider.resolve<ResolvedSessionConfig>(app, app.config.get('session'))
  return config!
}

/**
 * Serves this test's requests with a real server-side store instead of the
 * memory store the other tests use.
 */
async function useStore(store: StoreName) {
  const config = await sessionConfig()
  app.container.swap(SessionMiddleware, () => new SessionMiddleware({ ...config, store }, emitter))
}

/**
 * Sends the request with exactly this session cookie, as a browser replaying it would.
 */
function withSessionId(request: ApiRequest, sessionId: string) {
  request.sessionClient.sessionId = sessionId as typeof request.sessionClient.sessionId
  return request
}

function csrfTokenIn(html: string) {
  const match = /name='_csrf' value='([^']+)'/.exec(html)
  if (!match) throw new Error('no CSRF field on the page')
  return match[1]
}

/**
 * Logs in through the form like a browser: login page, then the post.
 */
async function logIn(client: ApiClient, email: string, password: string) {
  const page = await client.get('/admin/login')
  const before = page.cookie(COOKIE)!.value as string
  const response = await withSessionId(
    client.post('/admin/login').form({ email, password, _csrf: csrfTokenIn(page.text()) }),
    before
  ).redirects(0)
  return { before, response, after: response.cookie(COOKIE)?.value as string | undefined }
}

async function createAdmin() {
  return Admin.create({
    fullName: 'Session Operator',
    email: 'session@sangathan.test',
    password: 'correct-horse-battery',
  })
}

test.group('Server-side sessions', (group) => {
  group.each.setup(() => testUtils.db('landlord').withGlobalTransaction())
  group.each.setup(() => resetRateLimits())
  group.each.teardown(() => app.container.restore(SessionMiddleware))

  test('login gives a new session id; a cookie replayed after logout is refused ({$self})')
    .with<StoreName[]>(['database', 'redis'])
    .run(async ({ client, assert }, store) => {
      await useStore(store)
      const admin = await createAdmin()

      const { before, response, after } = await logIn(client, admin.email, 'correct-horse-battery')
      response.assertStatus(302)
      response.assertHeader('location', '/admin')
      assert.isString(after)
      assert.notEqual(after, before, 'the session id changes at login')

      const dashboard = await withSessionId(client.get('/admin'), after!)
      dashboard.assertStatus(200)
      assert.include(dashboard.text(), 'Welcome, Session Operator.')

      const preLogin = await withSessionId(client.get('/admin'), before).redirects(0)
      preLogin.assertHeader('location', '/admin/login')

      const logout = await withSessionId(
        client.post('/admin/logout').form({ _csrf: csrfTokenIn(dashboard.text()) }),
        after!
      ).redirects(0)
      logout.assertHeader('location', '/admin/login')
      if (store === 'database') {
        const rows = await db
          .connection('landlord')
          .from('sessions')
          .where('id', `localhost|${after}`)
        assert.lengthOf(rows, 0, 'logout deletes the session row')
      }

      const replay = await withSessionId(client.get('/admin'), after!).redirects(0)
      replay.assertStatus(302)
      replay.assertHeader('location', '/admin/login')
    })

  test('the session lives on the server and its cookie has no Domain attribute', async ({
    client,
    assert,
  }) => {
    await useStore('database')
    const admin = await createAdmin()
    const { response, after } = await logIn(client, admin.email, 'correct-horse-battery')

    const setCookie = ([] as string[])
      .concat(response.header('set-cookie') ?? [])
      .find((line) => line.startsWith(`${COOKIE}=`))
    assert.isDefined(setCookie)
    assert.notMatch(setCookie!, /domain=/i)
    assert.match(setCookie!, /httponly/i)

    const rows = await db.connection('landlord').from('sessions').where('id', `localhost|${after}`)
    assert.lengthOf(rows, 1)
    assert.notInclude(rows[0].data, 'Session Operator')
  })
})

/**
 * A request context for `host`, carrying the given Cookie header.
 */
async function contextFor(host: string, cookie?: string) {
  const req = new IncomingMessage(new Socket())
  req.headers = { host, ...(cookie ? { cookie } : {}) }
  req.method = 'GET'
  req.url = '/'
  return testUtils.createHttpContext({ req, res: new ServerResponse(req) })
}

test.group('Sessions belong to their host', (group) => {
  group.each.setup(() => testUtils.db('landlord').withGlobalTransaction())

  test('a session made on one host is empty on any other ({$self})')
    .with<StoreName[]>(['database', 'redis'])
    .run(async ({ assert }, store) => {
      const config = await sessionConfig()
      const consoleCtx = await contextFor('localhost')
      const made = new Session(config, config.stores[store], emitter, consoleCtx)
      await made.initiate(false)
      made.put('auth_admin', 42)
      await made.commit()
      const setCookie = String(consoleCtx.response.getHeader('set-cookie'))
      const cookie = setCookie.split(';')[0]

      for (const host of [`demo.${ROOT}`, `other-party.${ROOT}`, 'party.example.org']) {
        const elsewhere = new Session(
          config,
          config.stores[store],
          emitter,
          await contextFor(host, cookie)
        )
        await elsewhere.initiate(false)
        assert.equal(elsewhere.sessionId, made.sessionId, 'same cookie replayed')
        assert.isUndefined(elsewhere.get('auth_admin'), `not authenticated on ${host}`)
        // Committing the empty session there must not end the console's one.
        await elsewhere.commit()
      }

      const again = new Session(
        config,
        config.stores[store],
        emitter,
        await contextFor('localhost', cookie)
      )
      await again.initiate(false)
      assert.equal(again.get('auth_admin'), 42)
      again.clear()
      await again.commit()
    })
})
