import { args, flags } from '@adonisjs/core/ace'
import type { LayerType } from '#tenancy/layers'
import { TenantCommand } from '#tenancy/cli/tenant_command'

export default class TenantRollback extends TenantCommand {
  static commandName = 'tenant:rollback'
  static description = 'Roll back the last batch of a layer (default: the layer migrated last)'

  @args.string({ description: 'Tenant slug' })
  declare slug: string

  @flags.string({ description: 'Layer: basic, template, module or custom' })
  declare layer?: string

  @flags.number({ description: 'Roll back this many migrations instead of the last batch' })
  declare step?: number

  async run() {
    if (!this.validLayer(this.layer)) return
    if (this.step !== undefined && (!Number.isInteger(this.step) || this.step < 1)) {
      return this.fail('--step must be a positive integer')
    }
    const tenant = await this.activeTenant(this.slug)
    if (!tenant) return
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    try {
      const result = await provisioner.rollback(tenant, {
        layer: this.layer as LayerType | undefined,
        step: this.step,
      })
      if (!result.layer || result.rolledBack.length === 0) {
        this.logger.info(`${tenant.slug}: nothing to roll back`)
        return
      }
      this.logger.success(
        `${tenant.slug}: rolled back ${result.rolledBack.length} migration(s) of ${result.layer.key}`
      )
      for (const name of result.rolledBack) this.logger.log(`    ${name}`)
    } catch (error) {
      this.reportFailure(error)
    }
  }
}
