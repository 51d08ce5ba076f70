import { mkdir, rm, writeFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import StaticMiddleware from '@adonisjs/static/static_middleware'
import { randomSuffix } from '#tests/helpers/tenancy'

/**
 * Files of public/ are served; every other URL reaches the router without
 * a look-up in public/ (app/middleware/public_files_middleware.ts).
 */
test.group('Public files', (group) => {
  let lookups: string[] = []

  group.each.setup(() => {
    lookups = []
    const files = new StaticMiddleware(app.publicPath(), app.config.get('static'))
    const handle = files.handle.bind(files)
    files.handle = (ctx, next) => {
      lookups.push(ctx.request.url())
      return handle(ctx, next)
    }
    app.container.swap(StaticMiddleware, () => files)
    return () => app.container.restore(StaticMiddleware)
  })

  test('a file of public/ is served with its cache headers', async ({ client, assert }) => {
    const css = await client.get('/css/app.css')
    css.assertStatus(200)
    assert.match(css.header('content-type') ?? '', /text\/css/)
    assert.exists(css.header('etag'))
    assert.deepEqual(lookups, ['/css/app.css'])
    const again = await client.get('/css/app.css').header('If-None-Match', css.header('etag') ?? '')
    again.assertStatus(304)
  })

  test('a page is routed without a look-up in public/', async ({ client, assert }) => {
    const login = await client.get('/admin/login')
    login.assertStatus(200)
    const health = await client.get('/health')
    health.assertStatus(200)
    const missing = await client.get('/no-such-page')
    missing.assertStatus(404)
    // Not GET or HEAD: never a file.
    const posted = await client.post('/css/app.css')
    posted.assertStatus(404)
    assert.deepEqual(lookups, [])
  })

  test('a missing file or a path out of public/ is a 404', async ({ client, assert }) => {
    for (const path of [
      '/css/missing.css',
      '/css/../../package.json',
      '/css/%2e%2e/%2e%2e/package.json',
      '/%2e%2e/package.json',
    ]) {
      const response = await client.get(path)
      assert.equal(response.status(), 404, path)
      assert.notInclude(response.text(), '"name": "sangathan"', path)
    }
    // A broken percent-encoding in a file's path: a bad request, not a crash.
    const broken = await client.get('/css/%E0%A4')
    broken.assertStatus(400)
  })

  test('a folder added to public/ while the app runs (development) is served', async ({
    client,
    cleanup,
  }) => {
    const folder = `added-${randomSuffix()}`
    await mkdir(app.publicPath(folder))
    cleanup(() => rm(app.publicPath(folder), { recursive: true, force: true }))
    await writeFile(app.publicPath(folder, 'note.txt'), 'नमस्ते')
    const response = await client.get(`/${folder}/note.txt`)
    response.assertStatus(200)
    response.assertTextIncludes('नमस्ते')
  })
})
