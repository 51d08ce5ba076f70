/*
|--------------------------------------------------------------------------
| Parties for the HTTP benchmark (npm run bench -- http)
|--------------------------------------------------------------------------
|
| Started by benchmarks/run.ts with the bench's own landlord database and
| tenant prefix in the environment. Provisions BENCH_HTTP_TENANTS (500)
| political_party_nepal parties by golden clones, four at a time, fills each
| register with BENCH_HTTP_MEMBERS (1,000) members by SQL, and prints
| `BENCH_RESULT <json>`: every party's slug, database and first admin
| (whose generated password exists only in the provisioning event), for
| the sign-ins over HTTP that follow, and the list's SQL for pgbench.
|
*/
import 'reflect-metadata'
import { app } from './bench_app.js'
import { fillRegister } from './member_register.js'

const TENANTS = Number(process.env.BENCH_HTTP_TENANTS ?? 500)
const MEMBERS = Number(process.env.BENCH_HTTP_MEMBERS ?? 1_000)
/** Parties provisioned at once (a clone waits mostly on PostgreSQL: copy, connections). */
const CONCURRENCY = Number(process.env.BENCH_HTTP_SETUP_CONCURRENCY ?? 4)

export interface HttpBenchParty {
  slug: string
  dbName: string
  email: string
  password: string
}

async function parties() {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const { default: emitter } = await import('@adonisjs/core/services/emitter')
  const { default: provisioner } = await import('#tenancy/services/provisioner')
  const { default: tenancy } = await import('#tenancy/services/tenancy')
  const { TenantProvisioner } = await import('#tenancy/tenant_provisioner')
  const { default: Tenant } = await import('#models/landlord/tenant')
  const { default: TenantTemplate } = await import('#models/landlord/tenant_template')

  const template = await TenantTemplate.findByOrFail('name', 'political_party_nepal')
  const cloning = new TenantProvisioner(db, app, emitter, tenancy, {
    ...provisioner.options,
    goldenTemplates: true,
  })
  const credentials = new Map<number, { email: string; password: string }>()
  emitter.on('party:first_admin_created', ({ tenant, email, password }) => {
    credentials.set(tenant.id, { email, password })
  })

  const started = performance.now()
  const made: HttpBenchParty[] = []
  let next = 0
  let clones = 0
  const worker = async () => {
    while (next < TENANTS) {
      const index = ++next
      const tenant = await Tenant.create({
        slug: `h${process.pid}-${index}`,
        name: `Bench party ${index}`,
        templateId: template.id,
        status: 'pending',
      })
      const result = await cloning.provision(tenant)
      if (result.method === 'clone') clones++
      await tenant.refresh()
      await tenancy.run(tenant, async () => {
        await fillRegister(tenancy.db(), MEMBERS, { quiet: true })
        // A party serving pages for a while has its counts folded and its statistics
        // gathered (autovacuum would, minutes after the load, in the middle of a run).
        await tenancy.db().rawQuery('select member_counts_compact()')
        await tenancy.db().rawQuery('vacuum analyze members, member_area_counts, member_day_counts')
      })
      const admin = credentials.get(tenant.id)
      if (!admin) throw new Error(`no first admin for ${tenant.slug}`)
      made.push({ slug: tenant.slug, dbName: tenant.dbName!, ...admin })
      if (index % 50 === 0) process.stderr.write(`bench: ${index} of ${TENANTS} parties\n`)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()))
  const setupMs = performance.now() - started

  // The list's own SQL (first page, default order, and the count), for pgbench's floor.
  const { memberPageQuery, membersQuery } = await import('#party/members/list_members')
  const first = await Tenant.findByOrFail('slug', made[0].slug)
  const sql = await tenancy.run(first, () => [
    memberPageQuery({}).toQuery(),
    membersQuery({}).count('* as total').toQuery(),
  ])
  return { tenants: made, clones, members: MEMBERS, setupMs, sql }
}

await app.init()
await app.boot()
await app.start(async () => {
  try {
    const result = await parties()
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`)
  } finally {
    await app.terminate()
  }
})
