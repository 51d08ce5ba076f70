import env from '#start/env'
import { configProvider } from '@adonisjs/core'
import type { InferLimiters } from '@adonisjs/limiter/types'

/**
 * Redis when REDIS_URL is set (shared by every process, and kept out of the
 * landlord's transactions), else the landlord database. Built when the
 * limiter provider boots (HTTP side): commands never import the limiter
 * package (docs/performance.md, CLI start-up).
 */
async function limiterConfig() {
  const { defineConfig, stores } = await import('@adonisjs/limiter')
  return defineConfig({
    default: env.get('REDIS_URL') ? 'redis' : 'database',
    stores: {
      redis: stores.redis({ connectionName: 'limiter', rejectIfRedisNotReady: false }),
      database: stores.database({
        connectionName: 'landlord',
        tableName: 'rate_limits',
      }),
      memory: stores.memory({}),
    },
  })
}

export default configProvider.create(async (app) =>
  configProvider.resolve(app, await limiterConfig())
)

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<Awaited<ReturnType<typeof limiterConfig>>> {}
}
