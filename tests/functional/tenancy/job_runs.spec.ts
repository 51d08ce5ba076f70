import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { Queue, type Worker } from 'bullmq'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import JobRun from '#models/landlord/job_run'
import TenantMigrationHistory from '#models/landlord/tenant_migration_history'
import { defineJob, dispatch, QUEUES, retryRun, startWorker } from '#services/job_queue'
import { emptyQueues, waitForRun } from '#tests/helpers/queues'
import { dispatchProvisioning } from '#jobs/provision_tenant_job'
import { dispatchFleetMigration } from '#jobs/migrate_tenant_job'
import { createTenant } from '#actions/tenants/create_tenant'
import { TenancyFixtures, dropTenant, randomSuffix } from '#tests/helpers/tenancy'

let failuresLeft = 0
const FLAKY_JOB = defineJob<{ label: string }>('test-flaky', async (payload, context) => {
  await context.progress({ step: 'before', label: payload.label })
  if (failuresLeft > 0) {
    failuresLeft--
    throw new Error(`planned failure of ${payload.label}`)
  }
  await context.progress(100)
  return { label: payload.label, attempt: context.attempt }
})

test.group('Job runs in the landlord', (group) => {
  const workers: Worker[] = []
  group.setup(emptyQueues)
  group.each.teardown(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close()))
  })

  test('a job run records attempts, retrying and the final failure, and can be retried', async ({
    assert,
  }) => {
    failuresLeft = 3
    const queued = await dispatch(FLAKY_JOB, { label: 'a' }, { attempts: 2, backoffMs: 10 })
    const queuedRow = await JobRun.findOrFail(queued.runId)
    assert.equal(queuedRow.status, 'queued')
    assert.equal(queuedRow.externalId, queued.jobId)

    workers.push(startWorker())
    const failed = await waitForRun(queued.runId, (run) => run.status === 'failed')
    assert.equal(failed.attempts, 2)
    assert.equal(failed.maxAttempts, 2)
    assert.equal(failed.error, 'planned failure of a')
    assert.isNotNull(failed.finishedAt)

    // One failure left in the plan: the retry's first attempt fails, its second succeeds.
    assert.equal(failuresLeft, 1)
    const retried = await retryRun(failed)
    const done = await waitForRun(retried.runId, (run) => run.status === 'completed')
    assert.equal(done.retryOf, failed.id)
    assert.equal(done.attempts, 2)
    assert.deepEqual(done.result, { label: 'a', attempt: 2 })
    assert.deepEqual(done.progress, { percent: 100 })
    assert.isNull(done.error)
  })

  test('only a failed run can be retried', async ({ assert }) => {
    failuresLeft = 0
    const queued = await dispatch(FLAKY_JOB, { label: 'b' }, { attempts: 1 })
    const run = await JobRun.findOrFail(queued.runId)
    await assert.rejects(() => retryRun(run), /is queued, not failed/)
  })

  test('without Redis the same job runs in this process and records the same row', async ({
    assert,
  }) => {
    failuresLeft = 1
    const redisUrl = env.get('REDIS_URL')
    env.set('REDIS_URL', '')
    let queued
    try {
      queued = await dispatch(FLAKY_JOB, { label: 'local' }, { attempts: 2, backoffMs: 10 })
    } finally {
      env.set('REDIS_URL', redisUrl!)
    }
    assert.equal(queued.mode, 'in_process')
    const done = await waitForRun(queued.runId, (run) => run.status === 'completed')
    assert.equal(done.mode, 'in_process')
    assert.equal(done.attempts, 2)
    assert.deepEqual(done.result, { label: 'local', attempt: 2 })
  })

  test('an unknown job is refused at dispatch and leaves no row', async ({ assert }) => {
    const before = await JobRun.query().count('* as total').firstOrFail()
    await assert.rejects(() => dispatch('no-such-job', {}), /No handler registered/)
    const after = await JobRun.query().count('* as total').firstOrFail()
    assert.equal(after.$extras.total, before.$extras.total)
  })
})

test.group('Provisioning jobs', (group) => {
  const workers: Worker[] = []
  const fixtures = new TenancyFixtures()
  group.setup(emptyQueues)
  group.each.teardown(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close()))
  })
  group.teardown(() => fixtures.cleanup())

  test('progress is stored in the landlord while the job runs', async ({ assert }) => {
    const tenant = await createTenant({
      slug: `prog-${randomSuffix()}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
    })
    try {
      const queued = await dispatchProvisioning(tenant.id)
      workers.push(startWorker())
      const seen = new Set<string>()
      const done = await waitForRun(queued.runId, (run) => {
        const migration = run.progress?.migration
        if (run.status === 'running' && typeof migration === 'string') seen.add(migration)
        return run.status === 'completed'
      })
      assert.isAbove(seen.size, 0, 'a reader saw migrations while they ran')
      assert.equal(done.tenantId, tenant.id)
      assert.equal(done.progress?.stage, 'finalize')
      assert.equal(done.progress?.percent, 100)
      assert.match((done.result as { schemaHash: string }).schemaHash, /^[0-9a-f]{64}$/)
      await tenant.refresh()
      assert.equal(tenant.status, 'active')
    } finally {
      await dropTenant(tenant)
    }
  })

  test('a worker killed mid-provisioning: the job is retried and the tenant ends active with clean history', async ({
    assert,
  }) => {
    const slug = `kill-${randomSuffix()}`
    const customFolder = app.makePath('database/migrations/tenant/custom', slug)
    await mkdir(customFolder, { recursive: true })
    await writeFile(
      `${customFolder}/0001_slow_custom_step.ts`,
      `import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.defer(async (client) => {
      await client.rawQuery('select pg_sleep(2)')
    })
    this.schema.createTable('slow_marks', (table) => table.increments('id'))
  }

  async down() {
    this.schema.dropTable('slow_marks')
  }
}
`
    )
    const tenant = await createTenant({
      slug,
      name: 'Killed Worker Party',
      template: 'political_party_nepal',
    })
    const child = spawn(process.execPath, ['ace.js', 'queue:work'], {
      cwd: app.makePath(),
      env: { ...process.env, NODE_ENV: 'test', QUEUE_LOCK_DURATION_MS: '1500' },
      stdio: 'ignore',
    })
    try {
      const queued = await dispatchProvisioning(tenant.id)
      const running = await waitForRun(
        queued.runId,
        (run) => run.status === 'running' && run.progress?.stage === 'custom',
        60_000
      )
      assert.equal(running.attempts, 1)
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))

      workers.push(startWorker({ lockDurationMs: 1500, stalledIntervalMs: 500 }))
      const done = await waitForRun(queued.runId, (run) => run.isFinished, 60_000)
      assert.equal(done.status, 'completed', done.error ?? '')
      await tenant.refresh()
      assert.equal(tenant.status, 'active')

      const applied = await TenantMigrationHistory.query()
        .where('tenant_id', tenant.id)
        .where('status', 'applied')
      const names = applied.map((row) => `${row.migrationType}:${row.module ?? ''}:${row.name}`)
      assert.equal(new Set(names).size, names.length, 'no migration is recorded applied twice')
      assert.isTrue(
        names.some((name) => name.startsWith('custom::') && name.endsWith('0001_slow_custom_step')),
        names.join(', ')
      )
      const failed = await TenantMigrationHistory.query()
        .where('tenant_id', tenant.id)
        .where('status', 'failed')
      assert.lengthOf(failed, 0)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await rm(customFolder, { recursive: true, force: true })
      await dropTenant(tenant)
    }
  }).timeout(120_000)

  test('fleet migrations queue one job per tenant on the tenant-migrations queue', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const tenants = [await fixtures.tenant(template), await fixtures.tenant(template)]

    const runs = await dispatchFleetMigration(tenants)
    assert.lengthOf(runs, 2)
    const rows = await JobRun.query().whereIn(
      'id',
      runs.map((run) => run.runId)
    )
    assert.sameMembers(
      rows.map((row) => row.tenantId),
      tenants.map((tenant) => tenant.id)
    )
    assert.isTrue(rows.every((row) => row.queue === QUEUES.tenantMigrations))
    const queue = new Queue(QUEUES.tenantMigrations, {
      connection: { url: env.get('REDIS_URL')!, maxRetriesPerRequest: null },
    })
    try {
      const waiting = await queue.getJobs(['waiting'])
      assert.includeMembers(
        waiting.map((job) => job.id),
        runs.map((run) => run.jobId)
      )
    } finally {
      await queue.obliterate({ force: true })
      await queue.close()
    }
  })
})
