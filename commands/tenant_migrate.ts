import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { LAYER_TYPES, type LayerType } from '#tenancy/layers'
import { mapConcurrently, selectTenants, splitList } from '#tenancy/cli/tenant_selection'
import { TenantProvisioningException } from '#tenancy/exceptions'

export default class TenantMigrate extends BaseCommand {
  static commandName = 'tenant:migrate'
  static description =
    'Apply pending layered migrations to every active tenant (or those named); exit 1 if any failed'
  static options: CommandOptions = { startApp: true }

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
    if (this.layer && !LAYER_TYPES.includes(this.layer as LayerType)) {
      this.logger.error(`--layer must be one of ${LAYER_TYPES.join(', ')}`)
      this.exitCode = 1
      return
    }
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      this.logger.error('--concurrency must be a positive integer')
      this.exitCode = 1
      return
    }
    const { tenants, unknown } = await selectTenants(splitList(this.tenant))
    const { default: provisioner } = await import('#tenancy/services/provisioner')

    type Line = {
      slug: string
      status: 'ok' | 'failed' | 'skipped' | 'unknown'
      applied: number
      pending: number
      message?: string
      migrations?: string[]
    }
    const lines: Line[] = unknown.map((slug) => ({
      slug,
      status: 'unknown',
      applied: 0,
      pending: 0,
      message: 'no such tenant',
    }))
    const inactive = tenants.filter((tenant) => tenant.status !== 'active')
    for (const tenant of inactive) {
      lines.push({
        slug: tenant.slug,
        status: 'skipped',
        applied: 0,
        pending: 0,
        message: `status ${tenant.status}`,
      })
    }

    const results = await mapConcurrently(
      tenants.filter((tenant) => tenant.status === 'active'),
      this.concurrency,
      async (tenant): Promise<Line> => {
        try {
          const result = await provisioner.migrate(tenant, {
            layer: this.layer as LayerType | undefined,
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
          const line: Line = {
            slug: tenant.slug,
            status: 'ok',
            applied: result.applied,
            pending: result.pending,
          }
          if (this.dryRun) line.migrations = result.layers.flatMap((layer) => layer.pending)
          this.#print(line)
          return line
        } catch (error) {
          const message =
            error instanceof TenantProvisioningException ? error.summary : (error as Error).message
          const line: Line = {
            slug: tenant.slug,
            status: 'failed',
            applied: 0,
            pending: 0,
            message,
          }
          this.#print(line)
          return line
        }
      }
    )
    lines.push(...results)
    for (const line of lines.filter((l) => l.status === 'skipped' || l.status === 'unknown'))
      this.#print(line)

    const failed = lines.filter(
      (line) => line.status === 'failed' || line.status === 'unknown'
    ).length
    if (this.json) {
      process.stdout.write(
        `${JSON.stringify({ dryRun: this.dryRun, tenants: lines, failed }, null, 2)}\n`
      )
    } else {
      this.logger.info(
        `${lines.length} tenant(s): ${results.filter((l) => l.status === 'ok').length} ok, ${failed} failed, ${lines.filter((l) => l.status === 'skipped').length} skipped`
      )
    }
    if (failed > 0) this.exitCode = 1
  }

  #print(line: {
    slug: string
    status: string
    applied: number
    pending: number
    message?: string
    migrations?: string[]
  }) {
    if (this.json) return
    const detail = this.dryRun ? `${line.pending} pending` : `${line.applied} applied`
    if (line.status === 'ok') {
      this.logger.success(`${line.slug}: ${detail}`)
      for (const name of line.migrations ?? []) this.logger.log(`    ${name}`)
    } else if (line.status === 'failed') this.logger.error(`${line.slug}: ${line.message}`)
    else this.logger.warning(`${line.slug}: ${line.status} (${line.message})`)
  }
}
