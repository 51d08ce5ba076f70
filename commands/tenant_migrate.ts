import { flags } from '@adonisjs/core/ace'
import type Tenant from '#models/landlord/tenant'
import type { LayerType } from '#tenancy/layers'
import type { FleetPlanEntry, FleetResult } from '#tenancy/fleet_migrator'
import { selectTenants, splitList } from '#tenancy/cli/tenant_selection'
import { TenantCommand } from '#tenancy/cli/tenant_command'
import { errorLine } from '#tenancy/cli/error_line'

interface MigrateLine {
  slug: string
  status: 'ok' | 'failed' | 'skipped' | 'unknown'
  applied: number
  pending: number
  message?: string
  migrations?: string[]
  durationMs?: number
}

export default class TenantMigrate extends TenantCommand {
  static commandName = 'tenant:migrate'
  static description =
    'Apply pending layered migrations to every active tenant (or those named), in parallel; exit 1 unless every tenant is done'

  @flags.string({ description: 'Comma-separated tenant slugs (default: all active tenants)' })
  declare tenant?: string

  @flags.string({ description: 'Only this layer: basic, template, module or custom' })
  declare layer?: string

  @flags.number({
    description: 'Tenants migrated at the same time (default: the maintenance connection budget)',
  })
  declare concurrency?: number

  @flags.boolean({ description: 'List what would run, change nothing', flagName: 'dry-run' })
  declare dryRun: boolean

  @flags.boolean({ description: 'Migrate tenants whose schema drifted from their snapshot' })
  declare force: boolean

  @flags.boolean({ description: 'Continue the last run: tenants it finished are not run again' })
  declare resume: boolean

  @flags.boolean({
    description: 'Skip tenants whose latest fleet migration result is a failure',
    flagName: 'skip-failing',
  })
  declare skipFailing: boolean

  @flags.string({ description: 'Migrate this tenant first; stop everything if it fails' })
  declare canary?: string

  @flags.boolean({
    description:
      "Open every tenant's database (drift, pending) instead of trusting the landlord's history",
  })
  declare full: boolean

  @flags.boolean({ description: 'One JSON document on stdout' })
  declare json: boolean

  async run() {
    if (!this.validLayer(this.layer)) return
    if (
      this.concurrency !== undefined &&
      (!Number.isInteger(this.concurrency) || this.concurrency < 1)
    ) {
      return this.fail('--concurrency must be a positive integer')
    }
    const started = performance.now()
    const { tenants, unknown } = await selectTenants(splitList(this.tenant))
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const { default: tenancy } = await import('#tenancy/services/tenancy')
    const fleet = provisioner.fleet
    // Each migrating tenant holds one maintenance connection while a layer runs: more only queue.
    const concurrency =
      this.concurrency ??
      Math.min(tenancy.connections.admin.options.size, tenancy.connections.options.maxConnections)

    const active = tenants.filter((tenant) => tenant.status === 'active')
    const canary = this.canary ? active.find((tenant) => tenant.slug === this.canary) : undefined
    if (this.canary && !canary) {
      return this.fail(`--canary=${this.canary} is not one of the active tenants selected`)
    }

    const lines: MigrateLine[] = unknown.map((slug) => ({
      slug,
      status: 'unknown',
      applied: 0,
      pending: 0,
      message: 'no such tenant',
    }))
    for (const tenant of tenants.filter((candidate) => candidate.status !== 'active')) {
      lines.push({
        slug: tenant.slug,
        status: 'skipped',
        applied: 0,
        pending: 0,
        message: `status ${tenant.status}`,
      })
    }

    let runId: number | undefined
    let resumeOf: number | undefined
    let done = new Set<string>()
    if (this.resume) {
      const last = await fleet.lastRun()
      if (!last) return this.fail('There is no earlier tenant:migrate run to resume')
      done = await fleet.doneIn(last.id)
      resumeOf = last.id
    }
    // A dry run changes nothing, the landlord's run records included.
    if (!this.dryRun) {
      runId = await fleet.startRun({
        concurrency,
        canary: this.canary,
        resumeOf,
        flags: {
          tenant: this.tenant,
          layer: this.layer,
          force: this.force,
          skipFailing: this.skipFailing,
          full: this.full,
        },
      })
    }
    const record = async (tenant: Tenant | undefined, line: MigrateLine) => {
      if (runId === undefined) return
      const result: FleetResult = {
        slug: line.slug,
        tenantId: tenant?.id ?? null,
        status: line.status,
        applied: line.applied,
        pending: line.pending,
        durationMs: line.durationMs ?? 0,
        error: line.status === 'ok' ? null : line.message,
      }
      await fleet.record(runId, result)
    }
    for (const line of lines) {
      this.#print(line)
      await record(undefined, line)
    }

    const failures = this.skipFailing
      ? await fleet.lastFailures(active.map((tenant) => tenant.id))
      : new Map<number, { runId: number; error: string | null }>()
    const toRun: Tenant[] = []
    for (const tenant of active) {
      const failure = failures.get(tenant.id)
      let line: MigrateLine | undefined
      if (done.has(tenant.slug)) {
        line = {
          slug: tenant.slug,
          status: 'ok',
          applied: 0,
          pending: 0,
          message: `done in run #${resumeOf}`,
        }
      } else if (failure) {
        line = {
          slug: tenant.slug,
          status: 'skipped',
          applied: 0,
          pending: 0,
          message: `failed in run #${failure.runId} (--skip-failing): ${failure.error ?? ''}`,
        }
        await record(tenant, line)
      } else {
        toRun.push(tenant)
      }
      if (line) {
        this.#print(line)
        lines.push(line)
      }
    }

    const plan = new Map<number, FleetPlanEntry>()
    if (!this.full) {
      const layer = this.layer as LayerType | undefined
      for (const entry of await fleet.plan(toRun, { layer })) plan.set(entry.tenant.id, entry)
    }

    const migrateOne = async (tenant: Tenant): Promise<MigrateLine> => {
      const begin = performance.now()
      try {
        const line = await this.#migrate(provisioner, tenant, plan.get(tenant.id))
        line.durationMs = Math.round(performance.now() - begin)
        this.#print(line)
        await record(tenant, line)
        return line
      } catch (error) {
        await record(tenant, {
          slug: tenant.slug,
          status: 'failed',
          applied: 0,
          pending: 0,
          message: errorLine(error),
          durationMs: Math.round(performance.now() - begin),
        })
        throw error
      }
    }
    const collect = (outcomes: Awaited<ReturnType<typeof this.forEachTenant<MigrateLine>>>) =>
      outcomes.map(
        (outcome): MigrateLine =>
          outcome.value ?? {
            slug: outcome.tenant.slug,
            status: 'failed',
            applied: 0,
            pending: 0,
            message: outcome.error,
          }
      )

    let stopped = false
    let rest = toRun
    if (canary && toRun.includes(canary)) {
      const [canaryLine] = collect(await this.forEachTenant([canary], migrateOne))
      lines.push(canaryLine)
      rest = toRun.filter((tenant) => tenant !== canary)
      if (canaryLine.status !== 'ok') {
        stopped = true
        this.fail(`Canary ${canary.slug} was not migrated: the other tenants were not run`)
        for (const tenant of rest) {
          const line: MigrateLine = {
            slug: tenant.slug,
            status: 'skipped',
            applied: 0,
            pending: 0,
            message: `not run: canary ${canary.slug} failed`,
          }
          await record(tenant, line)
          lines.push(line)
        }
        rest = []
      }
    }
    // Tenants the plan finds with nothing pending are answered without opening their
    // database; their result rows are written in one INSERT instead of one each.
    const answered = new Map<Tenant, MigrateLine>()
    for (const tenant of rest) {
      const line = this.#answeredByPlan(plan.get(tenant.id))
      if (line) answered.set(tenant, line)
    }
    if (runId !== undefined) {
      await fleet.recordAll(
        runId,
        [...answered].map(([tenant, line]) => ({
          slug: line.slug,
          tenantId: tenant.id,
          status: line.status,
          applied: 0,
          pending: 0,
          durationMs: 0,
          error: null,
        }))
      )
    }
    for (const line of answered.values()) this.#print(line)
    const migrated = collect(
      await this.forEachTenant(
        rest.filter((tenant) => !answered.has(tenant)),
        migrateOne,
        { concurrency }
      )
    )
    // In the order of the selection, as they were listed before.
    lines.push(...rest.map((tenant) => answered.get(tenant) ?? migrated.shift()!))

    const count = (status: MigrateLine['status']) => lines.filter((l) => l.status === status)
    const failed = count('failed').length + count('unknown').length
    const skipped = count('skipped')
    const durationMs = Math.round(performance.now() - started)
    if (runId !== undefined) {
      const status = stopped ? 'stopped' : failed + skipped.length > 0 ? 'failed' : 'completed'
      await fleet.finishRun(runId, status, durationMs)
    }
    if (this.json) {
      this.printJson({
        dryRun: this.dryRun,
        run: runId ?? null,
        durationMs,
        concurrency,
        tenants: lines,
        failed,
        skipped: skipped.length,
      })
    } else {
      this.#summary(lines, { runId, durationMs, concurrency })
      this.logger.info(
        `${lines.length} tenant(s): ${count('ok').length} ok, ${failed} failed, ${skipped.length} skipped`
      )
    }
    // Skipped tenants are not migrated: the run is not done.
    if (skipped.length > 0) {
      this.fail(
        `Not migrated: ${skipped.map((line) => `${line.slug} (${line.message})`).join(', ')}`
      )
    }
    if (failed > 0) this.exitCode = 1
  }

  /**
   * One tenant: answered from the landlord's plan when nothing is pending
   * there (its database is not opened), otherwise migrated in its database.
   */
  async #migrate(
    provisioner: (typeof import('#tenancy/services/provisioner'))['default'],
    tenant: Tenant,
    entry: FleetPlanEntry | undefined
  ): Promise<MigrateLine> {
    if (entry?.missingDatabase) {
      throw new Error(`database "${tenant.dbName}" does not exist`)
    }
    const pendingLayers = entry && !entry.unknown ? Object.keys(entry.pending) : undefined
    const answered = this.#answeredByPlan(entry)
    if (answered) return answered
    const result = await provisioner.migrate(tenant, {
      layer: this.layer as LayerType | undefined,
      layerKeys: pendingLayers,
      // As the plan resolved them: the landlord is not read again for each tenant.
      layers: entry?.layers,
      dryRun: this.dryRun,
      allowDrift: this.force,
    })
    if (result.skipped === 'drift') {
      return {
        slug: tenant.slug,
        status: 'skipped',
        applied: 0,
        pending: 0,
        message: 'schema drift (tenant:drift; --force to migrate anyway)',
      }
    }
    const line: MigrateLine = {
      slug: tenant.slug,
      status: 'ok',
      applied: result.applied,
      pending: result.pending,
    }
    if (this.dryRun) line.migrations = result.layers.flatMap((layer) => layer.pending)
    return line
  }

  /**
   * The line of a tenant whose plan has nothing pending (its database is not
   * opened), or undefined when it has to be migrated.
   */
  #answeredByPlan(entry: FleetPlanEntry | undefined): MigrateLine | undefined {
    if (!entry || entry.unknown || entry.missingDatabase) return undefined
    if (Object.keys(entry.pending).length > 0) return undefined
    const line: MigrateLine = {
      slug: entry.tenant.slug,
      status: 'ok',
      applied: 0,
      pending: 0,
      durationMs: 0,
    }
    if (this.dryRun) line.migrations = []
    return line
  }

  #print(line: MigrateLine) {
    if (this.json) return
    const detail = this.dryRun ? `${line.pending} pending` : `${line.applied} applied`
    if (line.status === 'ok') {
      const note = line.message ? ` (${line.message})` : ''
      this.logger.success(`${line.slug}: ${detail}${note}`)
      for (const name of line.migrations ?? []) this.logger.log(`    ${name}`)
    } else if (line.status !== 'failed') {
      this.logger.warning(`${line.slug}: ${line.status} (${line.message})`)
    }
  }

  /**
   * The run at a glance: tenants, migrations and time per status, and the slowest tenant.
   */
  #summary(lines: MigrateLine[], run: { runId?: number; durationMs: number; concurrency: number }) {
    if (lines.length === 0) return
    const table = this.ui.table()
    table.head(['Status', 'Tenants', 'Migrations applied', 'Tenant time (ms)', 'Slowest'])
    for (const status of ['ok', 'failed', 'skipped', 'unknown'] as const) {
      const rows = lines.filter((line) => line.status === status)
      if (rows.length === 0) continue
      const slowest = rows.reduce((a, b) => ((b.durationMs ?? 0) > (a.durationMs ?? 0) ? b : a))
      table.row([
        status,
        String(rows.length),
        String(rows.reduce((sum, line) => sum + line.applied, 0)),
        String(rows.reduce((sum, line) => sum + (line.durationMs ?? 0), 0)),
        slowest.durationMs ? `${slowest.slug} (${slowest.durationMs} ms)` : '-',
      ])
    }
    table.render()
    const label = run.runId === undefined ? 'Dry run' : `Run #${run.runId}`
    this.logger.info(
      `${label}: ${lines.length} tenant(s) in ${(run.durationMs / 1000).toFixed(1)} s, concurrency ${run.concurrency}`
    )
  }
}
