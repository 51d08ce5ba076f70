import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import env from '#start/env'
import JobRun from '#models/landlord/job_run'
import { QUEUES, type QueueName } from '#services/job_queue'
import { sleep } from '#tests/helpers/tenancy'

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

/**
 * Polls a job's landlord row, by id or as `find` returns it, until `done`
 * holds (by default: the run has finished). Throws with the last row seen
 * when the timeout passes.
 */
export async function waitForRun(
  run: number | (() => Promise<JobRun | null>),
  done: (run: JobRun) => boolean = (row) => row.isFinished,
  timeoutMs = 30_000
): Promise<JobRun> {
  const find = typeof run === 'function' ? run : () => JobRun.find(run)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const row = await find()
    if (row && done(row)) return row
    if (Date.now() > deadline) {
      throw new Error(`job run still ${row?.status ?? 'missing'}: ${JSON.stringify(row?.progress)}`)
    }
    await sleep(50)
  }
}
