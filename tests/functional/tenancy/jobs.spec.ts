import { test } from '@japa/runner'
import { Queue, type Worker } from 'bullmq'
import { Redis } from 'ioredis'
import env from '#start/env'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import { defineTenantJob } from '#tenancy/tenant_job'
import { dispatch, QUEUES, queueMode, startWorker } from '#services/job_queue'
import { dispatchProvisioning } from '#jobs/provision_tenant_job'
import { createTenant } from '#actions/tenants/create_tenant'
import { TenancyFixtures, dropTenant, randomSuffix } from '#tests/helpers/tenancy'

const WRITE_MARKER_JOB = defineTenantJob<{ tenantId: number; marker: string }>(
  'test-write-marker',
  async (payload, { tenant }) => {
    const client = tenancy.db()
    await client.table('job_markers').insert({ marker: payload.marker })
    const rows = await client.from('job_markers').select('marker')
    return { slug: tenant.slug, markers: rows.map((row) => row.marker) }
  }
)

/**
 * Waits until the worker has finished the given jobs; rejects on the first failure.
 */
function settle(worker: Worker, jobIds: string[]) {
  const pending = new Set(jobIds)
  const results = new Map<string, unknown>()
  const failures = new Map<string, string>()
  return new Promise<{ results: Map<string, unknown>; failures: Map<string, string> }>(
    (resolve) => {
      const done = (id: string) => {
        pending.delete(id)
        if (pending.size === 0) resolve({ results, failures })
      }
      worker.on('completed', (job, value) => {
        if (!job.id || !pending.has(job.id)) return
        results.set(job.id, value)
        done(job.id)
      })
      worker.on('failed', (job, error) => {
        if (!job?.id || !pending.has(job.id)) return
        failures.set(job.id, error.message)
        done(job.id)
      })
    }
  )
}

test.group('Jobs on Redis carry their tenant', (group) => {
  const fixtures = new TenancyFixtures()
  let worker: Worker | undefined

  group.setup(async () => {
    const connection = new Redis(env.get('REDIS_URL')!, { maxRetriesPerRequest: null })
    const queue = new Queue(QUEUES.platform, { connection })
    await queue.obliterate({ force: true })
    await queue.close()
    connection.disconnect()
  })

  group.each.teardown(async () => {
    await worker?.close()
    worker = undefined
  })

  group.teardown(() => fixtures.cleanup())

  test('the test environment queues on Redis', ({ assert }) => {
    assert.equal(queueMode(), 'redis')
  })

  test('a tenant job reads and writes only its own tenant database', async ({ assert }) => {
    const template = await fixtures.template()
    const first = await fixtures.bareTenant(template)
    const second = await fixtures.bareTenant(template)
    for (const tenant of [first, second]) {
      await tenancy.run(tenant, () =>
        tenancy.db().rawQuery('create table job_markers (marker text not null)')
      )
    }

    const jobs = await Promise.all([
      dispatch(WRITE_MARKER_JOB, { tenantId: first.id, marker: 'first' }),
      dispatch(WRITE_MARKER_JOB, { tenantId: second.id, marker: 'second' }),
      dispatch(WRITE_MARKER_JOB, { tenantId: first.id, marker: 'first-again' }),
    ])
    worker = startWorker({ concurrency: 3 })
    const { results, failures } = await settle(
      worker,
      jobs.map((job) => job.jobId)
    )
    assert.equal(failures.size, 0, [...failures.values()].join('; '))

    const markers = async (tenant: Tenant) =>
      tenancy.run(tenant, async () => {
        const rows = await tenancy.db().from('job_markers').select('marker').orderBy('marker')
        return rows.map((row) => row.marker)
      })
    assert.deepEqual(await markers(first), ['first', 'first-again'])
    assert.deepEqual(await markers(second), ['second'])
    assert.deepInclude(results.get(jobs[1].jobId) as object, {
      slug: second.slug,
      markers: ['second'],
    })
  })

  test('a tenant job for a tenant that is not active fails without touching any database', async ({
    assert,
  }) => {
    const template = await fixtures.template()
    const pending = await fixtures.tenant(template)
    const job = await dispatch(
      WRITE_MARKER_JOB,
      { tenantId: pending.id, marker: 'nope' },
      { attempts: 1 }
    )
    worker = startWorker()
    const { failures } = await settle(worker, [job.jobId])
    assert.match(failures.get(job.jobId) ?? '', /is pending, not active/)
  })

  test('a queued provisioning job is run by the worker', async ({ assert }) => {
    const tenant = await createTenant({
      slug: `job-${randomSuffix()}`,
      name: 'Queued Party',
      template: 'political_party_nepal',
    })
    try {
      const queued = await dispatchProvisioning(tenant.id)
      assert.equal(queued.mode, 'redis')
      worker = startWorker()
      const { failures } = await settle(worker, [queued.jobId])
      assert.equal(failures.size, 0, [...failures.values()].join('; '))
      await tenant.refresh()
      assert.equal(tenant.status, 'active')
      assert.isNotNull(tenant.dbName)
    } finally {
      await dropTenant(tenant)
    }
  })
})
