import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import env from '#start/env'
import JobRun from '#models/landlord/job_run'
import { QUEUES } from '#services/job_queue'
import { sleep } from '#tests/helpers/tenancy'

/** Empties every job queue on Redis, so that jobs left by earlier specs do not run in this one. */
export async function emptyQueues() {
  const connection = new Redis(env.get('REDIS_URL')!, { maxRetriesPerRequest: null })
  try {
    for (const name of Object.values(QUEUES)) {
      const queue = new Queue(name, { connection })
      await queue.obliterate({ force: true })
      await queue.close()
    }
  } finally {
    connection.disconnect()
  }
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
