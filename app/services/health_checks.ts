import env from '#start/env'
import db from '@adonisjs/lucid/services/db'
import { pingRedis } from '#support/service_probes'

export interface ServiceStatus {
  status: 'ok' | 'error' | 'not_configured'
  latencyMs?: number
  message?: string
}

export interface HealthReport {
  healthy: boolean
  checkedAt: string
  services: { landlordDatabase: ServiceStatus; redis: ServiceStatus }
}

async function timed(check: () => Promise<void>): Promise<ServiceStatus> {
  const started = performance.now()
  try {
    await check()
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) }
  } catch (error) {
    return { status: 'error', message: (error as Error).message }
  }
}

/**
 * Checks the services the app depends on. Redis counts only when REDIS_URL is set.
 */
export async function checkServices(): Promise<HealthReport> {
  const landlordDatabase = await timed(async () => {
    await db.connection('landlord').rawQuery('select 1')
  })

  const redisUrl = env.get('REDIS_URL')
  const redis: ServiceStatus = redisUrl
    ? await timed(() => pingRedis(redisUrl))
    : { status: 'not_configured' }

  const healthy = landlordDatabase.status === 'ok' && redis.status !== 'error'
  return { healthy, checkedAt: new Date().toISOString(), services: { landlordDatabase, redis } }
}
