import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import env from '#start/env'
import { QUEUES, type QueueName } from '#services/job_queue'

/**
 * Removes every job of a queue (tests that dispatch but run no worker).
 */
export async function emptyQueue(name: QueueName = QUEUES.platform) {
  const queue = new Queue(name, {
    connection: { url: env.get('REDIS_URL')!, maxRetriesPerRequest: null },
  })
  await queue.obliterate({ force: true })
  await queue.close()
}

/**
 * Empties the job queues of this test run's Redis database. Run ids start
 * at 1 again in every run's fresh landlord, and BullMQ ignores a job whose
 * id (`run-<id>`) it still keeps from an earlier run.
 */
export async function emptyQueues() {
  const connection = new Redis(env.get('REDIS_URL')!, { maxRetriesPerRequest: null })
  for (const name of Object.values(QUEUES)) {
    const queue = new Queue(name, { connection })
    await queue.obliterate({ force: true })
    await queue.close()
  }
  connection.disconnect()
}
