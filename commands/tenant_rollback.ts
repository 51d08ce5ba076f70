import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { LAYER_TYPES, type LayerType } from '#tenancy/layers'
import { findTenant } from '#tenancy/cli/tenant_selection'
import { TenantProvisioningException } from '#tenancy/exceptions'

export default class TenantRollback extends BaseCommand {
  static commandName = 'tenant:rollback'
  static description = 'Roll back the last batch of a layer (default: the layer migrated last)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Tenant slug' })
  declare slug: string

  @flags.string({ description: 'Layer: basic, template, module or custom' })
  declare layer?: string

  @flags.number({ description: 'Roll back this many migrations instead of the last batch' })
  declare step?: number

  async run() {
    if (this.layer && !LAYER_TYPES.includes(this.layer as LayerType)) {
      this.logger.error(`--layer must be one of ${LAYER_TYPES.join(', ')}`)
      this.exitCode = 1
      return
    }
    if (this.step !== undefined && (!Number.isInteger(this.step) || this.step < 1)) {
      this.logger.error('--step must be a positive integer')
      this.exitCode = 1
      return
    }
    const tenant = await findTenant(this.slug)
    if (!tenant || tenant.status !== 'active') {
      this.logger.error(
        tenant ? `${tenant.slug} is ${tenant.status}, not active` : `No tenant "${this.slug}"`
      )
      this.exitCode = 1
      return
    }
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
      if (error instanceof TenantProvisioningException) {
        this.logger.error(error.summary)
        this.exitCode = 1
        return
      }
      throw error
    }
  }
}
