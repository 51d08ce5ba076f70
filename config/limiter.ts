import env from '#start/env'
import { defineConfig, stores } from '@adonisjs/limiter'

/**
 * Redis when REDIS_URL is set (shared by every process, and kept out of the
 * landlord's transactions), else the landlord database.
 */
const limiterConfig = defineConfig({
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

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
