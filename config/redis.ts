import env from '#start/env'
import type { InferConnections, RedisConnectionConfig } from '@adonisjs/redis/types'

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
 *
 * A plain object rather than the package's `defineConfig` (which only checks
 * that `connection` names one of `connections`): importing '@adonisjs/redis'
 * loads ioredis, and every config file is read when a command starts
 * (docs/performance.md, CLI start-up). The provider imports it on first use.
 */
const redisConfig = {
  connection: 'session' as const,
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
} satisfies { connection: string; connections: Record<string, RedisConnectionConfig> }

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
