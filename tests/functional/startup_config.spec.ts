import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'

const baseEnv = ['PORT=3399', 'HOST=localhost', 'LOG_LEVEL=info', 'TENANT_ROOT_DOMAIN=localhost']

/**
 * Starts the HTTP server with only the given .env, as a fresh process.
 * A bad configuration must make it exit on its own with a message.
 */
async function bootWith(lines: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'sangathan-env-'))
  try {
    await writeFile(join(dir, '.env'), lines.join('\n'))
    const result = spawnSync(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
      cwd: app.makePath(),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        ENV_PATH: dir,
      },
      encoding: 'utf8',
      timeout: 30_000,
    })
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

test.group('Start-up configuration', () => {
  test('a missing APP_KEY stops start-up and says so', async ({ assert }) => {
    const { status, output } = await bootWith([
      ...baseEnv,
      'DATABASE_URL=postgres://postgres@127.0.0.1:5432/sangathan',
    ])
    assert.notEqual(status, 0)
    assert.include(output, 'Missing environment variable "APP_KEY"')
  })

  test('a malformed DATABASE_URL stops start-up and says so', async ({ assert }) => {
    const { status, output } = await bootWith([
      ...baseEnv,
      `APP_KEY=${'k'.repeat(40)}`,
      'DATABASE_URL=mysql://root@localhost/sangathan',
    ])
    assert.notEqual(status, 0)
    assert.include(output, 'DATABASE_URL must start with postgres://')
  })
})
