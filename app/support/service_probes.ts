import { Redis } from 'ioredis'

/**
 * PINGs Redis with a short timeout and no retries; throws when it does not answer.
 */
export async function pingRedis(url: string, timeoutMs = 2000) {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    const reply = await client.ping()
    if (reply !== 'PONG') throw new Error(`unexpected reply to PING: ${reply}`)
  } finally {
    client.disconnect()
  }
}
