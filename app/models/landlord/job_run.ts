import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Tenant from '#models/landlord/tenant'

/** jsonb columns: stored as JSON text so arrays are not taken for PostgreSQL arrays. */
const json = {
  prepare: (value: unknown) =>
    value === undefined || value === null ? null : JSON.stringify(value),
}

export const JOB_RUN_STATUSES = ['queued', 'running', 'retrying', 'completed', 'failed'] as const
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number]

/**
 * A queued job as recorded in the landlord: status, attempts, progress and
 * last error, readable by every process (console pages, CLI) whichever
 * process runs the job.
 */
export default class JobRun extends BaseModel {
  static connection = 'landlord'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare queue: string

  @column()
  declare mode: 'redis' | 'in_process'

  @column()
  declare externalId: string | null

  @column()
  declare tenantId: number | null

  @column(json)
  declare payload: Record<string, unknown>

  @column()
  declare status: JobRunStatus

  @column()
  declare attempts: number

  @column()
  declare maxAttempts: number

  @column(json)
  declare progress: Record<string, unknown> | null

  @column(json)
  declare result: unknown

  @column()
  declare error: string | null

  @column()
  declare retryOf: number | null

  @column.dateTime()
  declare startedAt: DateTime | null

  @column.dateTime()
  declare finishedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Tenant)
  declare tenant: BelongsTo<typeof Tenant>

  get isFinished() {
    return this.status === 'completed' || this.status === 'failed'
  }
}
