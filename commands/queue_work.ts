import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class QueueWork extends BaseCommand {
  static commandName = 'queue:work'
  static description = 'Process queued jobs (tenant provisioning, fleet migrations) from Redis'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Jobs processed at the same time', default: 2 })
  declare concurrency: number

  async run() {
    const { queueMode, startWorker } = await import('#services/job_queue')
    await import('#jobs/provision_tenant_job')
    await import('#jobs/migrate_tenant_job')
    if (queueMode() !== 'redis') {
      this.logger.error(
        'REDIS_URL is not set: jobs run in-process in the app, there is no queue to work'
      )
      this.exitCode = 1
      await this.terminate()
      return
    }
    const { checkTenantConnectionCapacity } = await import('#providers/tenancy_provider')
    await checkTenantConnectionCapacity(this.app)
    const worker = startWorker({ concurrency: this.concurrency })
    worker.on('active', (job) => this.logger.info(`job ${job.id} ${job.name} started`))
    worker.on('completed', (job) => this.logger.success(`job ${job.id} ${job.name} completed`))
    worker.on('failed', (job, error) =>
      this.logger.error(`job ${job?.id} ${job?.name} failed: ${error.message}`)
    )
    this.logger.info(`Working queue with concurrency ${this.concurrency}; Ctrl+C to stop`)
    this.app.terminating(async () => {
      await worker.close()
    })
    // Ctrl+C stops as gracefully as SIGTERM: the current jobs finish first.
    process.once('SIGINT', () => void this.app.terminate())
  }
}
