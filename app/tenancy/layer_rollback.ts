import type Tenant from '#models/landlord/tenant'
import type { LayeredMigrator } from '#tenancy/layered_migrator'
import type { LayerType, MigrationLayer } from '#tenancy/layers'
import type { MigrationHistory } from '#tenancy/migration_history'
import type { SchemaSnapshots } from '#tenancy/schema_snapshots'
import type { TenantLayers } from '#tenancy/tenant_layers'
import { TenantProvisioningException } from '#tenancy/exceptions'

export interface RollbackOptions {
  layer?: LayerType
  step?: number
}

/**
 * Rolls back the last batch of one layer of a tenant database.
 */
export class LayerRollback {
  constructor(
    protected layers: TenantLayers,
    protected migrator: LayeredMigrator,
    protected history: MigrationHistory,
    protected snapshots: SchemaSnapshots
  ) {}

  /**
   * Rolls back a layer's last batch (or `step` migrations). Without a layer,
   * the layer migrated most recently.
   */
  async rollback(tenant: Tenant, options: RollbackOptions = {}) {
    const layers = await this.layers.for(tenant)
    let layer: MigrationLayer | undefined
    if (options.layer) {
      layer = [...layers].reverse().find((candidate) => candidate.type === options.layer)
    } else {
      const last = await this.history.lastApplied(tenant)
      layer = last
        ? layers.find(
            (candidate) =>
              candidate.type === last.migrationType &&
              (candidate.type !== 'module' || candidate.owner === last.module)
          )
        : undefined
    }
    if (!layer) return { layer: null, rolledBack: [] as string[] }

    const result = await this.migrator.down(tenant, layer, { step: options.step })
    if (result.rolledBack.length > 0) {
      await this.history.markRolledBack(tenant, layer, result.rolledBack)
      await this.snapshots.take(tenant, 'rolled_back')
    }
    if (result.error) {
      throw new TenantProvisioningException(`Rollback failed: ${result.error.message}`, {
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        stage: layer.type,
        cause: result.error,
      })
    }
    return { layer, rolledBack: result.rolledBack }
  }
}
