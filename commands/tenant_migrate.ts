import { flags } from '@adonisjs/core/ace'
import type { LayerType } from '#tenancy/layers'
import { selectTenants, splitList } from '#tenancy/cli/tenant_selection'
import { TenantCommand } from '#tenancy/cli/tenant_command'

interface MigrateLine {
  slug: string
  status: 'ok' | 'failed' | 'skipped' | 'unknown'
  applied: number
  pending: number
  message?: string
  migrations?: string[]
}

export default class TenantMigrate extends TenantCommand {
  static commandName = 'tenant:migrate'
  static description =
    'Apply pending layered migrations to every active tenant (or those named); exit 1 unless every tenant is done'

  @flags.string({ description: 'Comma-separated tenant slugs (default: all active tenants)' })
  declare tenant?: string

  @flags.string({ description: 'Only this layer: basic, template, module or custom' })
  declare layer?: string

  @flags.number({ description: 'Tenants migrated at the same time', default: 2 })
  declare concurrency: number

  @flags.boolean({ description: 'List what would run, change nothing', flagName: 'dry-run' })
  declare dryRun: boolean

  @flags.boolean({ description: 'Migrate tenants whose schema drifted from their snapshot' })
  declare force: boolean

  @flags.boolean({ description: 'One JSON document on stdout' })
  declare json: boolean

  async run() {
    if (!this.validLayer(this.layer)) return
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      return this.fail('--concurrency must be a positive integer')
    }
    const { tenants, unknown } = await selectTenants(splitList(this.tenant))
    const { default: provisioner } = await import('#tenancy/services/provisioner')

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
    for (const line of lines) this.#print(line)

    const outcomes = await this.forEachTenant(
      tenants.filter((tenant) => tenant.status === 'active'),
      async (tenant) => {
        const result = await provisioner.migrate(tenant, {
          layer: this.layer as LayerType | undefined,
          dryRun: this.dryRun,
          allowDrift: this.force,
        })
        const line: MigrateLine =
          result.skipped === 'drift'
            ? {
                slug: tenant.slug,
                status: 'skipped',
                applied: 0,
                pending: 0,
                message: 'schema drift (tenant:drift; --force to migrate anyway)',
              }
            : { slug: tenant.slug, status: 'ok', applied: result.applied, pending: result.pending }
        if (line.status === 'ok' && this.dryRun) {
          line.migrations = result.layers.flatMap((layer) => layer.pending)
        }
        this.#print(line)
        return line
      },
      { concurrency: this.concurrency }
    )
    for (const outcome of outcomes) {
      lines.push(
        outcome.value ?? {
          slug: outcome.tenant.slug,
          status: 'failed',
          applied: 0,
          pending: 0,
          message: outcome.error,
        }
      )
    }

    const count = (status: MigrateLine['status']) => lines.filter((l) => l.status === status)
    const failed = count('failed').length + count('unknown').length
    const skipped = count('skipped')
    if (this.json) {
      this.printJson({ dryRun: this.dryRun, tenants: lines, failed, skipped: skipped.length })
    } else {
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

  #print(line: MigrateLine) {
    if (this.json) return
    const detail = this.dryRun ? `${line.pending} pending` : `${line.applied} applied`
    if (line.status === 'ok') {
      this.logger.success(`${line.slug}: ${detail}`)
      for (const name of line.migrations ?? []) this.logger.log(`    ${name}`)
    } else if (line.status !== 'failed') {
      this.logger.warning(`${line.slug}: ${line.status} (${line.message})`)
    }
  }
}
