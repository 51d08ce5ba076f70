import { test } from '@japa/runner'

test.group('Health', () => {
  test('reports the landlord database and Redis', async ({ client, assert }) => {
    const response = await client.get('/health')
    response.assertStatus(200)
    const body = response.body()
    assert.isTrue(body.healthy)
    assert.equal(body.services.landlordDatabase.status, 'ok')
    assert.equal(body.services.redis.status, 'ok')
    assert.isNumber(body.services.landlordDatabase.latencyMs)
  })
})
