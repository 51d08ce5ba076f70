import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type Tenant from '#models/landlord/tenant'
import { findTenant, selectTenants } from '#tenancy/cli/tenant_selection'
import { ProgressPrinter } from '#tenancy/cli/progress_printer'
import { TenantLockedException, TenantProvisioningException } from '#tenancy/exceptions'
import { LAYER_TYPES, type LayerType } from '#tenancy/layers'

/**
 * Base of the tenant:* commands: finding the tenant a command names and
 * turning engine failures into a message and exit code 1.
 */
export abstract class TenantCommand extends BaseCommand {
  static options: CommandOptions = { startApp: true }

  /**
   * Logs the message to stderr and makes the command exit with 1.
   */
  protected fail(message: string) {
    this.logger.error(message)
    this.exitCode = 1
  }

  /**
   * The active tenant with this slug, or undefined after reporting why not.
   */
  protected async activeTenant(slug: string): Promise<Tenant | undefined> {
    const tenant = await findTenant(slug)
    if (!tenant) {
      this.fail(`No tenant "${slug}" (see node ace tenant:list)`)
      return undefined
    }
    if (tenant.status !== 'active') {
      this.fail(`${tenant.slug} is ${tenant.status}, not active`)
      return undefined
    }
    return tenant
  }

  /**
   * The tenants a command was pointed at: the one slug given, or every
   * active tenant. Undefined (after reporting) for an unknown slug.
   */
  protected async tenantsOrFail(slug?: string) {
    const { tenants, unknown } = await selectTenants(slug ? [slug] : [])
    if (unknown.length > 0) {
      this.fail(`No tenant "${unknown.join(', ')}" (see node ace tenant:list)`)
      return undefined
    }
    return tenants
  }

  /**
   * Checks a --layer value; reports and returns false when invalid.
   */
  protected validLayer(layer?: string): layer is LayerType | undefined {
    if (layer === undefined || LAYER_TYPES.includes(layer as LayerType)) return true
    this.fail(`--layer must be one of ${LAYER_TYPES.join(', ')}`)
    return false
  }

  /**
   * Provisions inline with a progress display on stderr. On failure, prints
   * the stage, the migration and the reason, and returns undefined.
   */
  protected async provisionWithProgress(tenant: Tenant, options: { keepFailed?: boolean } = {}) {
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const progress = new ProgressPrinter(process.stderr, tenant.slug)
    try {
      const result = await provisioner.provision(tenant, {
        keepFailed: options.keepFailed,
        onProgress: (event) => progress.update(event),
      })
      progress.done()
      this.logger.success(
        `${tenant.slug} is active: database ${result.tenant.dbName}, ${result.stats.migrations} migrations in ${result.stats.durationMs} ms, schema ${result.schemaHash.slice(0, 12)}`
      )
      return result
    } catch (error) {
      progress.done()
      if (error instanceof TenantProvisioningException) {
        this.logger.error(`Provisioning ${tenant.slug} failed at stage ${error.details.stage}`)
        if (error.details.migration) this.logger.error(`migration: ${error.details.migration}`)
      }
      this.reportFailure(error)
      return undefined
    }
  }

  /**
   * Reports an engine failure; rethrows anything else.
   */
  protected reportFailure(error: unknown) {
    if (error instanceof TenantProvisioningException) {
      this.fail(error.summary)
      return
    }
    if (error instanceof TenantLockedException) {
      this.fail(error.message)
      return
    }
    throw error
  }
}
