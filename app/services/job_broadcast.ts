import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import JobRun from '#models/landlord/job_run'
import Tenant from '#models/landlord/tenant'

/** The transmit channel pattern a super-admin subscribes to for one tenant's jobs. */
export const TENANT_PROGRESS_CHANNEL = 'admin/tenants/:slug/progress'

/** The transmit channel of one tenant's job progress. */
export function tenantProgressChannel(slug: string) {
  return `admin/tenants/${slug}/progress`
}

/** The progress fields the console shows, as stored in job_runs.progress. */
export interface ProgressFields {
  stage: string | null
  layer: string | null
  migration: string | null
  index: number | null
  total: number | null
  percent: number | null
}

/**
 * One message on a tenant's progress channel: which run, and what changed.
 * `run` and `tenant` (read back from the landlord) come with status changes;
 * `progress` with progress reports.
 */
export interface JobRunEvent {
  runId: number
  job: string
  run: {
    id: number
    status: string
    attempts: number
    maxAttempts: number
    error: string | null
    startedAt: string | null
    finishedAt: string | null
  } | null
  tenant: { slug: string; status: string; error: string | null } | null
  progress: ProgressFields | null
}

const nullable = <T>(value: T | undefined) => (value === undefined ? null : value)

function progressFields(stored: Record<string, unknown>): ProgressFields {
  const text = (value: unknown) => (typeof value === 'string' ? value : null)
  const number = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) ? value : null
  return {
    stage: text(stored.stage),
    layer: text(stored.layer),
    migration: text(stored.migration),
    index: number(stored.index),
    total: number(stored.total),
    percent: number(stored.percent),
  }
}

/**
 * Sends a job run's changes to the console as they are stored, on the
 * tenant's progress channel. Best-effort: sends are queued behind each
 * other (so they arrive in order) and never awaited by the job; a failed
 * send is logged and dropped, the landlord row stays the truth (the page
 * reads it again when the stream fails).
 */
export class JobRunBroadcaster {
  #chain: Promise<void> = Promise.resolve()
  #tenant: Promise<Tenant | null> | null = null

  readonly runId: number | null

  /** `runId` may arrive as a string: job_runs.id is a bigint. */
  constructor(
    runId: number | string | null,
    readonly job: string,
    readonly tenantId: number | null
  ) {
    this.runId = runId === null ? null : Number(runId)
  }

  /** The run's status (running, completed, retrying, failed) was stored. */
  status() {
    this.#enqueue(async () => {
      const runId = this.runId!
      const [run, tenant] = await Promise.all([JobRun.find(runId), this.#loadTenant(true)])
      if (!run || !tenant) return
      return [
        tenant.slug,
        {
          runId,
          job: this.job,
          run: {
            id: run.id,
            status: run.status,
            attempts: run.attempts,
            maxAttempts: run.maxAttempts,
            error: run.error,
            startedAt: nullable(run.startedAt?.toISO()),
            finishedAt: nullable(run.finishedAt?.toISO()),
          },
          tenant: { slug: tenant.slug, status: tenant.status, error: tenant.provisioningError },
          progress: null,
        },
      ]
    })
  }

  /** The run reported progress (as stored in job_runs.progress). */
  progress(stored: Record<string, unknown>) {
    this.#enqueue(async () => {
      const tenant = await this.#loadTenant(false)
      if (!tenant) return
      return [
        tenant.slug,
        {
          runId: this.runId!,
          job: this.job,
          run: null,
          tenant: null,
          progress: progressFields(stored),
        },
      ]
    })
  }

  /** Resolves once every send queued so far has been made (or dropped). */
  settled() {
    return this.#chain
  }

  #enqueue(build: () => Promise<[slug: string, event: JobRunEvent] | undefined>) {
    if (this.runId === null || this.tenantId === null) return
    this.#chain = this.#chain
      .then(async () => {
        const message = await build()
        if (!message) return
        const transmit = await app.container.make('transmit')
        // JobRunEvent is plain JSON (strings, numbers, null), as transmit requires.
        transmit.broadcast(tenantProgressChannel(message[0]), message[1] as never)
      })
      .catch((error) =>
        logger.warn({ err: error, runId: this.runId }, 'job progress not broadcast')
      )
  }

  /** The tenant row, read once per run (again on status changes: its status moves). */
  #loadTenant(fresh: boolean) {
    if (!this.#tenant || fresh) {
      this.#tenant = Tenant.find(this.tenantId!).catch((error) => {
        this.#tenant = null
        throw error
      })
    }
    return this.#tenant
  }
}
