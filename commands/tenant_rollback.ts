import { args, flags } from '@adonisjs/core/ace'
import type { LayerType } from '#tenancy/layers'
import { describeLosses, refusalOf } from '#tenancy/layer_rollback'
import { TenantCommand } from '#tenancy/cli/tenant_command'

export default class TenantRollback extends TenantCommand {
  static commandName = 'tenant:rollback'
  static description =
    'Roll back the last batch of a layer (default: the layer migrated last), in one transaction; refuses what other layers depend on, asks first'
  static help = [
    'Refused while a later layer still has migrations applied (modules and custom on the',
    'template, custom and dependent modules on a module, everything on basic).',
    'Asks for confirmation; --force skips it. Dropping a table or column that holds rows',
    'always needs --force, and the rows are counted first.',
    '',
    'Examples:',
    '  node ace tenant:rollback demo-party --module=election_campaign',
    '  node ace tenant:rollback demo-party --layer=custom --step=1 --force',
  ]

  @args.string({ description: 'Tenant slug' })
  declare slug: string

  @flags.string({ description: 'Layer: basic, template, module or custom' })
  declare layer?: string

  @flags.string({ description: 'Module whose layer to roll back (implies --layer=module)' })
  declare module?: string

  @flags.number({ description: 'Roll back this many migrations instead of the last batch' })
  declare step?: number

  @flags.boolean({
    description: 'Do not ask; allow dropping tables and columns that hold rows',
  })
  declare force: boolean

  async run() {
    if (!this.validLayer(this.layer)) return
    if (this.step !== undefined && (!Number.isInteger(this.step) || this.step < 1)) {
      return this.fail('--step must be a positive integer')
    }
    const tenant = await this.activeTenant(this.slug)
    if (!tenant) return
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const options = {
      layer: this.layer as LayerType | undefined,
      module: this.module,
      step: this.step,
      allowDataLoss: this.force,
    }
    const plan = await provisioner.planRollback(tenant, options)
    if (!plan.layer || plan.migrations.length === 0) {
      this.logger.info(`${tenant.slug}: nothing to roll back`)
      return
    }
    this.logger.info(
      `${tenant.slug}: ${plan.migrations.length} migration(s) of ${plan.layer.key} to roll back, newest first:`
    )
    for (const name of plan.migrations) this.logger.log(`    ${name}`)
    const losing = plan.losses.filter((loss) => loss.rows > 0)
    if (losing.length > 0) {
      this.logger.warning(`Data that would be destroyed: ${describeLosses(losing)}`)
    }
    const refusal = refusalOf(tenant, plan, options)
    if (refusal) {
      return this.fail(
        losing.length > 0 && plan.blockedBy.length === 0
          ? `${refusal}. Nothing was changed; run again with --force to destroy it`
          : `${refusal}. Nothing was changed`
      )
    }
    const question = `Roll back ${plan.migrations.length} migration(s) of ${plan.layer.key} in ${tenant.slug}?`
    if (!(await this.confirmed(question, this.force))) return

    const result = await provisioner.rollback(tenant, options)
    this.logger.success(
      `${tenant.slug}: rolled back ${result.rolledBack.length} migration(s) of ${result.layer!.key}`
    )
    for (const name of result.rolledBack) this.logger.log(`    ${name}`)
  }
}
