import { test } from '@japa/runner'
import { readdir, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Files in the temp directory at least `minBytes` large, modified since `since`.
 */
async function largeTempFilesSince(since: number, minBytes: number) {
  const found: string[] = []
  for (const name of await readdir(tmpdir())) {
    const info = await stat(join(tmpdir(), name)).catch(() => null)
    if (info?.isFile() && info.mtimeMs >= since && info.size >= minBytes) found.push(name)
  }
  return found
}

test.group('Multipart bodies', () => {
  test('a 15 MB upload to a route that takes no files leaves nothing on disk', async ({
    client,
    assert,
  }) => {
    const since = Date.now() - 1000
    const upload = Buffer.alloc(15 * 1024 * 1024, 'x')

    const anonymous = await client
      .post('/locale')
      .field('locale', 'ne')
      .file('file', upload, { filename: 'big.bin' })
      .redirects(0)
    assert.notEqual(anonymous.status(), 200)
    anonymous.assertCookieMissing('locale')

    // Even with a valid CSRF token in the form, no file is written.
    const withToken = await client
      .post('/locale')
      .field('locale', 'ne')
      .file('file', upload, { filename: 'big.bin' })
      .withCsrfToken()
      .redirects(0)
    assert.notEqual(withToken.status(), 200)

    assert.deepEqual(await largeTempFilesSince(since, 10 * 1024 * 1024), [])
  }).timeout(60_000)
})
