import type Tenant from '#models/landlord/tenant'
import TenantSchemaSnapshot from '#models/landlord/tenant_schema_snapshot'
import type { LayeredMigrator, LayerRunResult } from '#tenancy/layered_migrator'
import type { LayerType, MigrationLayer } from '#tenancy/layers'
import type { MigrationHistory } from '#tenancy/migration_history'
import type { ProvisioningProgress } from '#tenancy/provisioning_pipeline'
import type { SchemaSnapshots } from '#tenancy/schema_snapshots'
import type { TenantLayers } from '#tenancy/tenant_layers'
import { TenantProvisioningException } from '#tenancy/exceptions'
import { tenantContext } from '#tenancy/tenant_context'

export interface MigrateOptions {
  layer?: LayerType
  dryRun?: boolean
  allowDrift?: boolean
  /** Only these layer keys (those a fleet plan found pending); others are not opened. */
  layerKeys?: string[]
  /** The tenant's layers as already resolved (a fleet plan's); read from the landlord otherwise. */
  layers?: MigrationLayer[]
  onProgress?: (progress: ProvisioningProgress) => void
}

export interface MigrateResult {
  tenant: Tenant
  layers: LayerRunResult[]
  applied: number
  pending: number
  skipped?: 'drift'
  schemaHash?: string
}

export interface LayerStatus {
  layer: MigrationLayer
  applied: string[]
  pending: string[]
}

/**
 * Brings a live tenant's database up to date with its layers, and reports
 * what is applied and pending.
 */
export class TenantMigrator {
  constructor(
    protected layers: TenantLayers,
    protected migrator: LayeredMigrator,
    protected history: MigrationHistory,
    protected snapshots: SchemaSnapshots
  ) {}

  /**
   * Applies pending migrations to an active tenant, optionally one layer
   * type only. A tenant whose schema drifted is skipped unless allowDrift.
   */
  async migrate(tenant: Tenant, options: MigrateOptions = {}): Promise<MigrateResult> {
    const allLayers = options.layers ?? (await this.layers.for(tenant))
    const layers = allLayers.filter(
      (layer) =>
        (!options.layer || layer.type === options.layer) &&
        (!options.layerKeys || options.layerKeys.includes(layer.key))
    )
    const result: MigrateResult = { tenant, layers: [], applied: 0, pending: 0 }

    // One connection to the tenant's database for the drift check, every layer and the new
    // snapshot (LayeredMigrator#session, opened on first use), current for tenant work.
    return this.migrator.session(tenant, (up, connectionName) =>
      tenantContext.enter({ tenant, connectionName }, async () => {
        if (!options.dryRun && !options.allowDrift && (await this.snapshots.hasDrift(tenant))) {
          result.skipped = 'drift'
          return result
        }
        const batch = options.dryRun ? 0 : await this.history.nextBatch(tenant)

        for (const [index, layer] of layers.entries()) {
          const run = await up(layer, {
            dryRun: options.dryRun,
            onProgress: (progress) =>
              options.onProgress?.({
                stage: layer.type,
                layer: layer.key,
                migration: progress.migration,
                index: progress.index,
                total: progress.total,
              }),
          })
          result.layers.push(run)
          result.pending += run.pending.length
          result.applied += run.applied.length
          if (options.dryRun) continue
          if (index === layers.length - 1 || run.failed) {
            // What did apply is the new baseline (so a failure does not read as drift),
            // stored with the layer's history in one landlord transaction.
            const snapshot = result.applied > 0 ? await this.snapshots.live(tenant) : undefined
            const stored = await TenantSchemaSnapshot.transaction(async (trx) => {
              await this.history.record(tenant, run, batch, { client: trx })
              if (snapshot)
                return this.snapshots.store(tenant, snapshot, 'migrated', { client: trx })
            })
            if (stored) result.schemaHash = stored.schemaHash
          } else {
            await this.history.record(tenant, run, batch)
          }
          if (run.failed) {
            throw new TenantProvisioningException(
              `Migration ${run.failed.name} failed: ${run.failed.error.message}`,
              {
                tenantId: tenant.id,
                tenantSlug: tenant.slug,
                stage: layer.type,
                migration: run.failed.name,
                cause: run.failed.error,
              }
            )
          }
        }
        return result
      })
    )
  }

  /**
   * Applied and pending migrations per layer.
   */
  async status(tenant: Tenant): Promise<LayerStatus[]> {
    const statuses: LayerStatus[] = []
    for (const layer of await this.layers.for(tenant)) {
      const list = await this.migrator.list(tenant, layer)
      statuses.push({
        layer,
        applied: list.filter((node) => node.status === 'migrated').map((node) => node.name),
        pending: list.filter((node) => node.status === 'pending').map((node) => node.name),
      })
    }
    return statuses
  }
}
