import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import env from '#start/env'

/**
 * The benchmark's bypassed members page (app/controllers/benchmark) serves a
 * party's register with no sign-in: it must not exist unless the bench asks
 * for it with BENCH_BYPASS_DATABASE.
 */
test.group('Benchmark bypass route', () => {
  test('does not exist without BENCH_BYPASS_DATABASE', async ({ client, assert }) => {
    assert.isUndefined(env.get('BENCH_BYPASS_DATABASE'))
    const patterns = Object.values(router.toJSON()).flatMap((routes) =>
      routes.map((route) => route.pattern)
    )
    assert.notInclude(patterns, '/__bench/members')
    const response = await client.get('/__bench/members')
    response.assertStatus(404)
    assert.notInclude(response.text(), 'data-test="members"')
  })
})
