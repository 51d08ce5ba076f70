import { Queue } from 'bullmq'
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
