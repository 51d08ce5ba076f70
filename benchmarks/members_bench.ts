/*
|--------------------------------------------------------------------------
| One party at a million members (npm run bench -- members)
|--------------------------------------------------------------------------
|
| Started by benchmarks/run.ts with the bench's own landlord database and
| tenant prefix in the environment. Provisions one political_party_nepal
| party, fills its register with BENCH_MEMBERS members (default 1,000,000:
| names in both scripts, spread over all 753 local levels and their wards),
| then times, through the app's own code inside the tenant context:
| members search (name prefix in either script, citizenship number, phone),
| the first and a deep page of the list, the dashboard's member figures,
| CSV export of every member and CSV import of BENCH_IMPORT (100,000)
| members, with the process's peak memory during each of the last two.
| Prints `BENCH_RESULT <json>`.
|
*/
import 'reflect-metadata'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parse } from 'csv-parse'
import { stringify } from 'csv-stringify'
import { app } from './bench_app.js'
import { fillRegister } from './member_register.js'

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000_000)
const IMPORTED = Number(process.env.BENCH_IMPORT ?? 100_000)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 25)

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

async function timed(fn: () => Promise<unknown>) {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

/** p50 and p95 of `SAMPLES` runs, each with the next of `inputs`, after one warm-up run. */
async function latency(inputs: unknown[], fn: (input: any) => Promise<unknown>) {
  await fn(inputs[0])
  const times: number[] = []
  for (let index = 0; index < SAMPLES; index++) {
    times.push(await timed(() => fn(inputs[index % inputs.length])))
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) }
}

/** Runs fn while sampling the process's resident memory; returns time and peak growth. */
async function withPeakMemory(fn: () => Promise<unknown>) {
  const before = process.memoryUsage().rss
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  try {
    const ms = await timed(fn)
    peak = Math.max(peak, process.memoryUsage().rss)
    return { ms, peakMb: peak / 1_048_576, growthMb: (peak - before) / 1_048_576 }
  } finally {
    clearInterval(timer)
  }
}

/** A CSV of `count` new members in the export's format (the import's input). */
async function importFile(path: string, count: number) {
  const { EXPORT_COLUMNS } = await import('#party/members/export_members')
  const { localLevels, districts, provinces } = await import('#party/geography/nepal_geography')
  const { GIVEN, FAMILY } = await import('#party/members/demo_members')
  const districtOf = new Map(districts.map((district) => [district.id, district]))
  const provinceOf = new Map(provinces.map((province) => [province.id, province]))
  function* rows() {
    for (let index = 1; index <= count; index++) {
      const level = localLevels[(index * 31) % localLevels.length]
      const district = districtOf.get(level.district_id)!
      const [given, givenNp, gender] = GIVEN[(index * 7) % GIVEN.length]
      const [family, familyNp] = FAMILY[(index * 13) % FAMILY.length]
      yield {
        full_name: `${given} ${family}`,
        full_name_np: `${givenNp} ${familyNp}`,
        date_of_birth: `19${60 + (index % 40)}-0${1 + (index % 9)}-1${index % 10}`,
        gender,
        // `-02-`: never the key of a loaded member (theirs have `-01-`).
        citizenship_number: `${String(district.id).padStart(2, '0')}-02-${index}`,
        citizenship_issue_district: district.name,
        phone: `98${String(10_000_000 + index).padStart(8, '0')}`,
        province: provinceOf.get(district.province_id)!.name,
        district: district.name,
        local_level: level.name,
        ward_number: 1 + (index % level.ward_count),
        membership_type: 'general',
        is_active: 'yes',
      }
    }
  }
  await pipeline(
    rows(),
    stringify({ header: true, bom: true, columns: [...EXPORT_COLUMNS] }),
    createWriteStream(path)
  )
}

async function membersBench() {
  const { default: Tenant } = await import('#models/landlord/tenant')
  const { default: TenantTemplate } = await import('#models/landlord/tenant_template')
  const { default: provisioner } = await import('#tenancy/services/provisioner')
  const { default: tenancy } = await import('#tenancy/services/tenancy')
  const { listMembers } = await import('#party/members/list_members')
  const { compactMemberCountsWhenDue } = await import('#party/members/member_counts')
  const { exportMembersCsv } = await import('#party/members/export_members')
  const { importMembersCsv } = await import('#party/members/import_members')
  const { memberDashboardFigures } = await import('#party/members/member_stats')
  // Commands and benches boot without the i18n provider: vine's own messages will do.
  const { SimpleMessagesProvider } = await import('@vinejs/vine')

  const template = await TenantTemplate.findByOrFail('name', 'political_party_nepal')
  const tenant = await Tenant.create({
    slug: `b${process.pid}-members`,
    name: 'Bench million members',
    templateId: template.id,
    status: 'pending',
  })
  await provisioner.provision(tenant)
  const folder = await mkdtemp(join(tmpdir(), 'sangathan-members-bench-'))
  try {
    const loadMs = await timed(() => tenancy.run(tenant, () => fillRegister(tenancy.db(), MEMBERS)))
    // The first page read after the load folds the count deltas it left (template 0058).
    const foldMs = await timed(() =>
      tenancy.run(tenant, () => compactMemberCountsWhenDue(tenancy.db()))
    )

    return await tenancy.run(tenant, async () => {
      const db = tenancy.db()
      // Real values to search for, spread over the register.
      const picks = await db.rawQuery(
        `select citizenship_number, phone from members where id % ? = 0 limit ?`,
        [Math.max(1, Math.floor(MEMBERS / SAMPLES)), SAMPLES]
      )
      const citizenship = picks.rows.map((row: any) => ({ q: row.citizenship_number }))
      const phones = picks.rows.map((row: any) => ({ q: row.phone.slice(-8) }))
      const latin = ['Sita Sh', 'Ram Th', 'Krishna Ko', 'Maya Gu', 'Dipak Ya'].map((q) => ({ q }))
      const devanagari = ['सीता श्रे', 'राम था', 'कृष्ण को', 'माया गु', 'दीपक या'].map((q) => ({ q }))

      const search = {
        latin: await latency(latin, listMembers),
        devanagari: await latency(devanagari, listMembers),
        citizenship: await latency(citizenship, listMembers),
        phone: await latency(phones, listMembers),
      }
      const firstPage = await latency([{ sort: 'name' }], listMembers)
      const last = await latency([{ sort: 'name', last: '1' }], listMembers)
      const filtered = await latency(
        [{ province_id: 3, sort: 'newest' }, { district_id: 27 }, { local_level_id: 307 }],
        listMembers
      )
      const dashboard = await latency(['en', 'ne'], memberDashboardFigures)

      const exportPath = join(folder, 'export.csv')
      let exportedRows = 0
      const exported = await withPeakMemory(async () => {
        exportedRows = await exportMembersCsv({}, createWriteStream(exportPath))
      })
      const exportFile = await stat(exportPath)
      const exportBytes = exportFile.size
      // The export reads back as one CSV row per member.
      let readBack = 0
      await pipeline(
        createReadStream(exportPath),
        parse({ bom: true, columns: true }),
        new Writable({
          objectMode: true,
          write(_row, _encoding, done) {
            readBack++
            done()
          },
        })
      )

      const importPath = join(folder, 'import.csv')
      await importFile(importPath, IMPORTED)
      let importResult: { imported: number; invalid: number } | undefined
      const imported = await withPeakMemory(async () => {
        importResult = await importMembersCsv(importPath, {
          messagesProvider: new SimpleMessagesProvider({}),
          duplicateMessage: 'duplicate',
          skipInvalid: false,
          actor: { userId: null, ipAddress: null, userAgent: 'benchmark' },
        })
      })
      if (importResult && importResult.invalid > 0) {
        process.stderr.write(
          `bench: the import file has ${importResult.invalid} rows with problems: ${JSON.stringify((importResult as any).problems?.slice(0, 3))}\n`
        )
      }
      return {
        members: MEMBERS,
        loadMs,
        foldMs,
        search,
        firstPage,
        lastPage: last,
        filtered,
        dashboard,
        export: { ...exported, rows: exportedRows, readBack, megabytes: exportBytes / 1_048_576 },
        import: { ...imported, rows: IMPORTED, ...importResult },
      }
    })
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

await app.init()
await app.boot()
await app.start(async () => {
  try {
    const result = await membersBench()
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`)
  } finally {
    await app.terminate()
  }
})
