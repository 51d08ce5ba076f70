import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class QueueWork extends BaseCommand {
  static commandName = 'queue:work'
  static description =
    'Process queued jobs from Redis: tenant provisioning and per-tenant fleet migrations'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Provisioning jobs processed at the same time', default: 2 })
  declare concurrency: number

  @flags.number({
    description:
      'Tenant migrations processed at the same time (default TENANT_MIGRATION_CONCURRENCY or 2)',
    flagName: 'migration-concurrency',
  })
  declare migrationConcurrency?: number

  async run() {
    const { queueMode, startWorker, QUEUES } = await import('#services/job_queue')
    await import('#jobs/provision_tenant_job')
    await import('#jobs/migrate_tenant_job')
    await import('#jobs/refill_spares_job')
    if (queueMode() !== 'redis') {
      this.logger.error(
        'REDIS_URL is not set: jobs run in-process in the app, there is no queue to work'
      )
      this.exitCode = 1
      await this.terminate()
      return
    }
    const { default: env } = await import('#start/env')
    const migrationConcurrency =
      this.migrationConcurrency ?? env.get('TENANT_MIGRATION_CONCURRENCY') ?? 2
    for (const [name, value] of [
      ['--concurrency', this.concurrency],
      ['--migration-concurrency', migrationConcurrency],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        this.logger.error(`${name} must be a positive integer`)
        this.exitCode = 1
        await this.terminate()
        return
      }
    }

    const { checkTenantConnectionCapacity } = await import('#providers/tenancy_provider')
    await checkTenantConnectionCapacity(this.app)
    const workers = [
      startWorker({ queue: QUEUES.platform, concurrency: this.concurrency }),
      startWorker({ queue: QUEUES.tenantMigrations, concurrency: migrationConcurrency }),
    ]
    for (const worker of workers) {
      worker.on('active', (job) => this.logger.info(`job ${job.id} ${job.name} started`))
      worker.on('completed', (job) => this.logger.success(`job ${job.id} ${job.name} completed`))
      worker.on('failed', (job, error) =>
        this.logger.error(`job ${job?.id} ${job?.name} failed: ${error.message}`)
      )
    }
    this.logger.info(
      `Working queues ${QUEUES.platform} (concurrency ${this.concurrency}) and ` +
        `${QUEUES.tenantMigrations} (concurrency ${migrationConcurrency}); Ctrl+C to stop`
    )
    // Closing a worker lets its current jobs finish; new ones stay queued.
    this.app.terminating(async () => {
      await Promise.all(workers.map((worker) => worker.close()))
    })
    // Ctrl+C stops as gracefully as SIGTERM: the current jobs finish first.
    process.once('SIGINT', () => void this.app.terminate())
  }
}
