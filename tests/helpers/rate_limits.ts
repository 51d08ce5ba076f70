import redis from '@adonisjs/redis/services/main'

/**
 * Forgets every rate-limit counter and lockout (Redis limiter store), so a
 * test never inherits failed logins or request counts from another one.
 */
export async function resetRateLimits() {
  const connection = redis.connection('limiter').ioConnection
  const prefix = connection.options.keyPrefix ?? ''
  let cursor = '0'
  do {
    const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
    // SCAN returns full names, DEL adds the connection's prefix again.
    if (keys.length) await connection.del(...keys.map((key) => key.slice(prefix.length)))
    cursor = next
  } while (cursor !== '0')
}
