import { createHash } from 'node:crypto'
import { mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises'
import { setTimeout } from 'node:timers/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { checksumOf } from '#tenancy/layered_migrator'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

test.group('checksumOf (kept per file stamp)', (group) => {
  let folder: string

  group.each.setup(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sangathan-checksum-'))
    return () => rm(folder, { recursive: true, force: true })
  })

  test("a file's checksum is the SHA-256 of its content, the same when asked again", async ({
    assert,
  }) => {
    const file = join(folder, '0001_a.ts')
    await writeFile(file, 'first')
    assert.equal(await checksumOf(file), sha256('first'))
    assert.equal(await checksumOf(file), sha256('first'))
  })

  test('a file written twice at once (same size, same coarse file time): the second content', async ({
    assert,
  }) => {
    const file = join(folder, '0001_a.ts')
    await writeFile(file, 'aaaa')
    assert.equal(await checksumOf(file), sha256('aaaa'))
    await writeFile(file, 'bbbb')
    assert.equal(await checksumOf(file), sha256('bbbb'))
  })

  test('content rewritten with the same size and the old mtime put back: the new checksum', async ({
    assert,
  }) => {
    const file = join(folder, '0001_a.ts')
    await writeFile(file, 'aaaa')
    const old = new Date(Date.now() - 3_600_000)
    await utimes(file, old, old)
    // Settled (changed over a second ago), so its checksum is kept by stamp.
    await setTimeout(1100)
    assert.equal(await checksumOf(file), sha256('aaaa'))
    await writeFile(file, 'bbbb')
    // As an editor or `touch -d` could: same size, same mtime; only the ctime tells.
    await utimes(file, old, old)
    await setTimeout(1100)
    assert.equal(await checksumOf(file), sha256('bbbb'))
  }).timeout(10_000)

  test('a file replaced by another (a rename over it) gives the new content', async ({
    assert,
  }) => {
    const file = join(folder, '0001_a.ts')
    await writeFile(file, 'one')
    assert.equal(await checksumOf(file), sha256('one'))
    const other = join(folder, 'tmp')
    await writeFile(other, 'two')
    await rename(other, file)
    assert.equal(await checksumOf(file), sha256('two'))
  })

  test("a file that cannot be read: '' (and a checksum again once it exists)", async ({
    assert,
  }) => {
    const file = join(folder, 'missing.ts')
    assert.equal(await checksumOf(file), '')
    await writeFile(file, 'now')
    assert.equal(await checksumOf(file), sha256('now'))
  })
})
