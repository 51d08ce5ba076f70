import { test } from '@japa/runner'
import { Env } from '@adonisjs/core/env'
import { envSchema } from '#start/env_schema'

const valid: Record<string, string | undefined> = {
  NODE_ENV: 'development',
  PORT: '3333',
  HOST: 'localhost',
  APP_KEY: 'a'.repeat(32),
  LOG_LEVEL: 'info',
  SESSION_DRIVER: undefined,
  TRUSTED_PROXIES: undefined,
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sangathan',
  REDIS_URL: undefined,
  TENANT_ROOT_DOMAIN: 'localhost',
}

/**
 * The validator prefers process.env over the values it is given, so the
 * keys under test are lifted out of process.env for the duration.
 */
function validate(overrides: Record<string, string | undefined>) {
  const values = { ...valid, ...overrides }
  const saved: Record<string, string | undefined> = {}
  for (const key of Object.keys(values)) {
    saved[key] = process.env[key]
    delete process.env[key]
  }
  try {
    return Env.rules(envSchema).validate(values)
  } catch (error) {
    // The per-variable reasons are in `help`; surface them in the message.
    throw new Error(`${(error as Error).message}\n${(error as { help?: string }).help ?? ''}`)
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value !== undefined) process.env[key] = value
    }
  }
}

test.group('Environment validation', () => {
  test('accepts a complete configuration', ({ assert }) => {
    const values = validate({})
    assert.equal(values.PORT, 3333)
    assert.equal(values.DATABASE_URL, valid.DATABASE_URL)
    assert.isUndefined(values.REDIS_URL)
  })

  test('a missing APP_KEY names the variable and how to make one', ({ assert }) => {
    assert.throws(
      () => validate({ APP_KEY: undefined }),
      /Missing environment variable "APP_KEY".*generate:key/
    )
  })

  test('a short APP_KEY is refused', ({ assert }) => {
    assert.throws(() => validate({ APP_KEY: 'short' }), /APP_KEY.*at least 32 characters/)
  })

  test('a DATABASE_URL that is not postgres is refused', ({ assert }) => {
    assert.throws(
      () => validate({ DATABASE_URL: 'mysql://root@localhost/db' }),
      /DATABASE_URL.*postgres:\/\//
    )
    assert.throws(() => validate({ DATABASE_URL: 'not a url' }), /DATABASE_URL is not a valid URL/)
    assert.throws(
      () => validate({ DATABASE_URL: 'postgres://localhost' }),
      /must name a host and a database/
    )
  })

  test('a REDIS_URL must be a redis URL', ({ assert }) => {
    assert.throws(() => validate({ REDIS_URL: 'http://localhost:6379' }), /REDIS_URL.*redis:\/\//)
  })

  test('a non-numeric PORT is refused', ({ assert }) => {
    assert.throws(() => validate({ PORT: 'abc' }), /PORT/)
  })

  test('TRUSTED_PROXIES takes addresses and CIDR ranges and names a bad entry', ({ assert }) => {
    assert.equal(validate({}).TRUSTED_PROXIES, '')
    assert.equal(
      validate({ TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.7,fd00::/8 loopback' }).TRUSTED_PROXIES,
      '10.0.0.0/8, 192.168.1.7,fd00::/8 loopback'
    )
    assert.throws(
      () => validate({ TRUSTED_PROXIES: '10.0.0.0/8,10.0.0.0/33' }),
      /TRUSTED_PROXIES.*"10\.0\.0\.0\/33" is not an IP address or CIDR range/
    )
    assert.throws(
      () => validate({ TRUSTED_PROXIES: 'proxy.internal' }),
      /TRUSTED_PROXIES.*"proxy\.internal" is not an IP address/
    )
  })

  test('SESSION_DRIVER is a server-side store; the cookie store is refused', ({ assert }) => {
    assert.isUndefined(validate({}).SESSION_DRIVER)
    assert.equal(validate({ SESSION_DRIVER: 'database' }).SESSION_DRIVER, 'database')
    assert.equal(validate({ SESSION_DRIVER: 'redis' }).SESSION_DRIVER, 'redis')
    assert.throws(
      () => validate({ SESSION_DRIVER: 'cookie' }),
      /SESSION_DRIVER.*cannot end a session at logout/
    )
    assert.throws(() => validate({ SESSION_DRIVER: 'file' }), /SESSION_DRIVER.*redis, database/)
  })

  test('connection budgets are whole numbers; the maintenance budget needs 2 for locks', ({
    assert,
  }) => {
    const parsed = validate({
      TENANT_DB_MAX_CONNECTIONS: '1',
      TENANT_DB_ADMIN_CONNECTIONS: '2',
      APP_PROCESS_COUNT: '4',
    })
    assert.deepInclude(parsed, {
      TENANT_DB_MAX_CONNECTIONS: 1,
      TENANT_DB_ADMIN_CONNECTIONS: 2,
      APP_PROCESS_COUNT: 4,
    })
    assert.isUndefined(validate({ TENANT_DB_MAX_CONNECTIONS: '' }).TENANT_DB_MAX_CONNECTIONS)
    assert.throws(
      () => validate({ TENANT_DB_MAX_CONNECTIONS: '0' }),
      /TENANT_DB_MAX_CONNECTIONS.*at least 1/
    )
    assert.throws(
      () => validate({ TENANT_DB_MAX_CONNECTIONS: '2.5' }),
      /TENANT_DB_MAX_CONNECTIONS.*whole number/
    )
    assert.throws(
      () => validate({ TENANT_DB_ADMIN_CONNECTIONS: '1' }),
      /TENANT_DB_ADMIN_CONNECTIONS.*at least 2/
    )
    assert.throws(() => validate({ APP_PROCESS_COUNT: 'two' }), /APP_PROCESS_COUNT/)
  })

  test('spare copies per golden: a whole number from 0 to 20', ({ assert }) => {
    assert.equal(validate({ TENANT_GOLDEN_SPARES: '0' }).TENANT_GOLDEN_SPARES, 0)
    assert.equal(validate({ TENANT_GOLDEN_SPARES: '20' }).TENANT_GOLDEN_SPARES, 20)
    assert.isUndefined(validate({ TENANT_GOLDEN_SPARES: '' }).TENANT_GOLDEN_SPARES)
    // Each spare is a full copy on disk: a huge count would copy until the disk is full.
    for (const value of ['21', '1000000', '-1', '1.5', 'NaN', 'two', '1e3']) {
      assert.throws(
        () => validate({ TENANT_GOLDEN_SPARES: value }),
        /TENANT_GOLDEN_SPARES.*whole number from 0 to 20/,
        value
      )
    }
  })
})
