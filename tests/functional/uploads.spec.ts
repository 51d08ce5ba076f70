import { test } from '@japa/runner'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import BodyParserMiddleware from '@adonisjs/core/bodyparser_middleware'
import ProcessUploadsMiddleware from '#middleware/process_uploads_middleware'

interface Seen {
  field?: string
  tmpPath?: string
  content?: string
}

/**
 * A bare HTTP server running the app's body parser, then the uploads
 * middleware, then a handler that reports what it received.
 */
async function startUploadServer(seen: Seen, options: { fail?: boolean } = {}) {
  const bodyParser = await app.container.make(BodyParserMiddleware)
  const uploads = new ProcessUploadsMiddleware()
  const server = createServer(async (req, res) => {
    const ctx = await testUtils.createHttpContext({ req, res })
    try {
      await bodyParser.handle(ctx, () =>
        uploads.handle(ctx, async () => {
          const file = ctx.request.file('members')
          seen.field = ctx.request.input('note')
          seen.tmpPath = file?.tmpPath
          seen.content = file?.tmpPath ? await readFile(file.tmpPath, 'utf8') : undefined
          if (options.fail) throw new Error('import failed')
        })
      )
      res.end('done')
    } catch {
      res.statusCode = 500
      res.end('failed')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

test.group('Upload routes', (group) => {
  let server: Server | undefined
  group.each.teardown(() => {
    server?.close()
  })

  test('files reach the handler through a temp file that is gone afterwards', async ({
    client,
    assert,
  }) => {
    const seen: Seen = {}
    server = await startUploadServer(seen)
    const { port } = server.address() as AddressInfo

    const response = await client
      .post(`http://127.0.0.1:${port}/members/import`)
      .field('note', 'ward 4')
      .file('members', Buffer.from('name,ward\nSita,4\n'), { filename: 'members.csv' })
    assert.equal(response.text(), 'done')

    assert.equal(seen.field, 'ward 4')
    assert.equal(seen.content, 'name,ward\nSita,4\n')
    assert.match(seen.tmpPath!, /sangathan-upload-/)
    assert.isFalse(existsSync(seen.tmpPath!), 'temp file deleted when the request ended')
  })

  test('a handler that fails leaves no temp file either', async ({ client, assert }) => {
    const seen: Seen = {}
    server = await startUploadServer(seen, { fail: true })
    const { port } = server.address() as AddressInfo

    const response = await client
      .post(`http://127.0.0.1:${port}/members/import`)
      .file('members', Buffer.from('name,ward\n'), { filename: 'members.csv' })
    assert.equal(response.status(), 500)
    assert.isString(seen.tmpPath)
    assert.isFalse(existsSync(seen.tmpPath!))
  })
})
