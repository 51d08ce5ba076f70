import { Queue, Worker, type Job } from 'bullmq'
import { DateTime } from 'luxon'
import env from '#start/env'
import logger from '@adonisjs/core/services/logger'
import JobRun from '#models/landlord/job_run'
import { JobRunBroadcaster } from '#services/job_broadcast'

/** Queue names: provisioning (and other platform jobs), and per-tenant fleet migrations. */
export const QUEUES = {
  platform: 'sangathan',
  tenantMigrations: 'tenant-migrations',
} as const
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]

export interface JobContext {
  /** Reports progress (0–100 or an object), stored in the landlord and sent to watchers. */
  progress(value: number | object): Promise<void>
  attempt: number
  /** The landlord job_runs row of this job. */
  runId: number | null
}

export type JobHandler<P> = (payload: P, context: JobContext) => Promise<unknown>

export interface DispatchOptions {
  attempts?: number
  /** First retry delay; later ones double. */
  backoffMs?: number
  /** The failed run this dispatch retries. */
  retryOf?: number
}

interface JobDefinition {
  handler: JobHandler<any>
  queue: QueueName
}

const definitions = new Map<string, JobDefinition>()

/**
 * Registers the code that runs a job of this name (same code in both modes)
 * and the queue it goes to.
 */
export function defineJob<P>(
  name: string,
  handler: JobHandler<P>,
  options: { queue?: QueueName } = {}
) {
  definitions.set(name, { handler, queue: options.queue ?? QUEUES.platform })
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

/** The tenant a job is about: its payload's numeric tenantId, if any. */
function tenantIdOf(payload: object) {
  const tenantId = (payload as { tenantId?: unknown }).tenantId
  return typeof tenantId === 'number' ? tenantId : null
}

/** BullMQ job id of a run, and back. */
const externalIdOf = (runId: number) => `run-${runId}`
function runIdOf(job: Job) {
  const match = /^run-(\d+)$/.exec(job.id ?? '')
  return match ? Number(match[1]) : null
}

/**
 * Queues a job, recorded as a landlord job_runs row. Returns the row's id,
 * the queue's job id and where it runs.
 */
export async function dispatch<P extends object>(
  name: string,
  payload: P,
  options: DispatchOptions = {}
): Promise<{ mode: 'redis' | 'in_process'; jobId: string; runId: number }> {
  const definition = definitions.get(name)
  if (!definition) throw new Error(`No handler registered for job "${name}"`)
  const attempts = options.attempts ?? 3
  const backoffMs = options.backoffMs ?? 5000
  const redis = connection()
  const run = await JobRun.create({
    name,
    queue: definition.queue,
    mode: redis ? 'redis' : 'in_process',
    tenantId: tenantIdOf(payload),
    payload: payload as Record<string, unknown>,
    status: 'queued',
    attempts: 0,
    maxAttempts: attempts,
    retryOf: options.retryOf ?? null,
  })
  const jobId = externalIdOf(run.id)
  run.externalId = jobId
  await run.save()

  if (redis) {
    const queue = new Queue(definition.queue, { connection: redis })
    try {
      await queue.add(name, payload, {
        jobId,
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      })
      return { mode: 'redis', jobId, runId: run.id }
    } catch (error) {
      await JobRun.query()
        .where('id', run.id)
        .update({ status: 'failed', error: `not queued: ${(error as Error).message}` })
      new JobRunBroadcaster(run.id, name, run.tenantId).status()
      throw error
    } finally {
      await queue.close()
    }
  }

  void runInProcess(run.id, name, definition.handler, payload, attempts, backoffMs)
  return { mode: 'in_process', jobId, runId: run.id }
}

/**
 * Queues a failed run again with the same payload; the new run points back to it.
 */
export async function retryRun(run: JobRun) {
  if (run.status !== 'failed') throw new Error(`Job run ${run.id} is ${run.status}, not failed`)
  return dispatch(run.name, run.payload, { attempts: run.maxAttempts, retryOf: run.id })
}

/**
 * Runs one attempt of a job, keeping its job_runs row current: running,
 * progress as it comes (in order), then completed, retrying or failed. Each
 * change is also broadcast to the console (best-effort, never awaited).
 */
async function execute<P>(
  runId: number | null,
  name: string,
  handler: JobHandler<P>,
  payload: P,
  attempt: number,
  maxAttempts: number,
  forward?: (value: number | object) => Promise<void>
) {
  const live = new JobRunBroadcaster(runId, name, tenantIdOf(payload as object))
  const update = async (values: Record<string, unknown>) => {
    if (runId === null) return
    await JobRun.query()
      .where('id', runId)
      .update({ ...values, updated_at: DateTime.now().toSQL() })
  }
  await update({ status: 'running', attempts: attempt, error: null, finished_at: null })
  if (runId !== null) {
    await JobRun.query()
      .where('id', runId)
      .whereNull('started_at')
      .update({ started_at: DateTime.now().toSQL() })
  }
  live.status()

  // Progress writes are chained so a late write never overwrites a newer one.
  let progressWrites = Promise.resolve()
  const progress = (value: number | object) => {
    const stored = typeof value === 'number' ? { percent: value } : value
    progressWrites = progressWrites
      .then(() => update({ progress: JSON.stringify(stored) }))
      .catch((error) => logger.warn({ err: error, runId }, 'job progress not stored'))
    live.progress(stored as Record<string, unknown>)
    return Promise.all([progressWrites, forward?.(value)]).then(() => {})
  }

  try {
    const result = await handler(payload, { progress, attempt, runId })
    await progressWrites
    await update({
      status: 'completed',
      result: JSON.stringify(result ?? null),
      finished_at: DateTime.now().toSQL(),
    })
    live.status()
    return result
  } catch (error) {
    await progressWrites
    const final = attempt >= maxAttempts
    await update({
      status: final ? 'failed' : 'retrying',
      error: (error as Error).message,
      finished_at: final ? DateTime.now().toSQL() : null,
    })
    live.status()
    throw error
  }
}

/**
 * Runs a job in this process with the same retries and backoff as BullMQ;
 * the last failure is logged, since nobody awaits it.
 */
async function runInProcess<P>(
  runId: number,
  name: string,
  handler: JobHandler<P>,
  payload: P,
  attempts: number,
  backoffMs: number
) {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await execute(runId, name, handler, payload, attempt, attempts)
      return
    } catch (error) {
      if (attempt === attempts) {
        logger.error(
          { err: error, runId, job: name },
          `job ${name} failed after ${attempts} attempt(s)`
        )
        return
      }
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)))
    }
  }
}

export interface WorkerOptions {
  queue?: QueueName
  concurrency?: number
  /** How long a job's lock lasts; a worker that dies holds its jobs this long. */
  lockDurationMs?: number
  /** How often this worker looks for jobs whose worker died. */
  stalledIntervalMs?: number
}

/**
 * Starts a BullMQ worker for one queue (the platform queue by default).
 */
export function startWorker(options: WorkerOptions = {}) {
  const redis = connection()
  if (!redis)
    throw new Error('REDIS_URL is not set: jobs run in-process, there is no queue to work')
  const lockDuration = options.lockDurationMs ?? env.get('QUEUE_LOCK_DURATION_MS') ?? 30_000
  return new Worker(
    options.queue ?? QUEUES.platform,
    async (job: Job) => {
      const definition = definitions.get(job.name)
      if (!definition) throw new Error(`No handler registered for job "${job.name}"`)
      return execute(
        runIdOf(job),
        job.name,
        definition.handler,
        job.data,
        job.attemptsMade + 1,
        job.opts.attempts ?? 1,
        (value) => job.updateProgress(value)
      )
    },
    {
      connection: redis,
      concurrency: options.concurrency ?? 2,
      lockDuration,
      stalledInterval: options.stalledIntervalMs ?? Math.max(1000, Math.floor(lockDuration / 2)),
    }
  )
}
