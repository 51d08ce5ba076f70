import { randomUUID } from 'node:crypto'
import { Queue, Worker, type Job } from 'bullmq'
import env from '#start/env'
import logger from '@adonisjs/core/services/logger'

export const QUEUE_NAME = 'sangathan'

export interface JobContext {
  /** Reports progress (0–100 or an object), visible to watchers. */
  progress(value: number | object): Promise<void>
  attempt: number
}

export type JobHandler<P> = (payload: P, context: JobContext) => Promise<unknown>

export interface DispatchOptions {
  attempts?: number
  /** First retry delay; later ones double. */
  backoffMs?: number
}

const handlers = new Map<string, JobHandler<any>>()

/**
 * Registers the code that runs a job of this name (same code in both modes).
 */
export function defineJob<P>(name: string, handler: JobHandler<P>) {
  handlers.set(name, handler)
  return name
}

/**
 * BullMQ opens (and on close, closes) its own connections from these options.
 */
function connection() {
  const url = env.get('REDIS_URL')
  return url ? { url, maxRetriesPerRequest: null } : null
}

/**
 * Which backend runs jobs: BullMQ on Redis when REDIS_URL is set, otherwise
 * this process (same job code, same retries with backoff, same progress).
 */
export function queueMode(): 'redis' | 'in_process' {
  return connection() ? 'redis' : 'in_process'
}

/**
 * Queues a job. Returns its id and where it runs.
 */
export async function dispatch<P extends object>(
  name: string,
  payload: P,
  options: DispatchOptions = {}
): Promise<{ mode: 'redis' | 'in_process'; jobId: string }> {
  const attempts = options.attempts ?? 3
  const backoffMs = options.backoffMs ?? 5000
  const redis = connection()
  if (redis) {
    const queue = new Queue(QUEUE_NAME, { connection: redis })
    try {
      const job = await queue.add(name, payload, {
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      })
      return { mode: 'redis', jobId: String(job.id) }
    } finally {
      await queue.close()
    }
  }

  const handler = handlers.get(name)
  if (!handler) throw new Error(`No handler registered for job "${name}"`)
  const jobId = `local-${randomUUID()}`
  void runInProcess(jobId, name, handler, payload, attempts, backoffMs)
  return { mode: 'in_process', jobId }
}

/**
 * Runs a job in this process with the same retries and backoff as BullMQ;
 * the last failure is logged, since nobody awaits it.
 */
async function runInProcess<P>(
  jobId: string,
  name: string,
  handler: JobHandler<P>,
  payload: P,
  attempts: number,
  backoffMs: number
) {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await handler(payload, { progress: async () => {}, attempt })
      return
    } catch (error) {
      if (attempt === attempts) {
        logger.error(
          { err: error, jobId, job: name },
          `job ${name} failed after ${attempts} attempt(s)`
        )
        return
      }
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)))
    }
  }
}

/**
 * Starts a BullMQ worker for every registered job. Resolves with the worker.
 */
export function startWorker(options: { concurrency?: number } = {}) {
  const redis = connection()
  if (!redis)
    throw new Error('REDIS_URL is not set: jobs run in-process, there is no queue to work')
  return new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      const handler = handlers.get(job.name)
      if (!handler) throw new Error(`No handler registered for job "${job.name}"`)
      return handler(job.data, {
        progress: (value) => job.updateProgress(value),
        attempt: job.attemptsMade + 1,
      })
    },
    { connection: redis, concurrency: options.concurrency ?? 2 }
  )
}
