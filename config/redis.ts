import env from '#start/env'
import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'

/**
 * REDIS_URL as ioredis options (redis://[user:password@]host:port/db, rediss:// for TLS).
 */
function fromUrl(value: string | undefined) {
  if (!value) return { host: '127.0.0.1', port: 6379, lazyConnect: true }
  const url = new URL(value)
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number(url.pathname.slice(1) || 0),
    tls: url.protocol === 'rediss:' ? {} : undefined,
  }
}

function retryStrategy(times: number) {
  return times > 10 ? null : times * 50
}

/**
 * Redis for server-side sessions and rate limits, when REDIS_URL is set.
 * BullMQ opens its own connections (app/services/job_queue.ts).
 */
const redisConfig = defineConfig({
  connection: 'session',
  connections: {
    session: {
      ...fromUrl(env.get('REDIS_URL')),
      keyPrefix: 'sangathan:session:',
      retryStrategy,
    },
    limiter: {
      ...fromUrl(env.get('REDIS_URL')),
      keyPrefix: 'sangathan:limiter:',
      retryStrategy,
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
