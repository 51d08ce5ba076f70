import type { Database } from '@adonisjs/lucid/database'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#models/landlord/tenant'
import TenantMigrationHistory from '#models/landlord/tenant_migration_history'
import type { LayerRunResult } from '#tenancy/layered_migrator'
import type { MigrationLayer } from '#tenancy/layers'

type HistoryRow = Pick<
  TenantMigrationHistory,
  | 'tenantId'
  | 'templateId'
  | 'migrationType'
  | 'module'
  | 'batch'
  | 'name'
  | 'durationMs'
  | 'checksum'
  | 'status'
  | 'error'
>

/**
 * The landlord's record of what ran in each tenant database
 * (tenant_migrations_history): batches, applied, failed and rolled back.
 */
export class MigrationHistory {
  constructor(protected db: Database) {}

  /**
   * The batch number the tenant's next run records under.
   */
  async nextBatch(tenant: Tenant) {
    const row = await this.db
      .connection('landlord')
      .from('tenant_migrations_history')
      .where('tenant_id', tenant.id)
      .max('batch as batch')
      .first()
    return Number(row?.batch ?? 0) + 1
  }

  /**
   * Records a layer run: every applied migration, and the failed one if any.
   */
  async record(
    tenant: Tenant,
    run: LayerRunResult,
    batch: number,
    options: { client?: TransactionClientContract } = {}
  ) {
    await this.#insert(this.#rows(tenant, run, batch), options.client)
  }

  /**
   * Records several layer runs (a golden clone's layers).
   */
  async recordAll(tenant: Tenant, runs: LayerRunResult[], batch: number) {
    await this.#insert(runs.flatMap((run) => this.#rows(tenant, run, batch)))
  }

  /**
   * One multi-row INSERT: the model's createMany sends one INSERT per row
   * (≈ 45 round trips for a clone of the party template).
   */
  async #insert(rows: HistoryRow[], client?: TransactionClientContract) {
    if (rows.length === 0) return
    const createdAt = new Date()
    await (client ?? this.db.connection('landlord'))
      .table(TenantMigrationHistory.table)
      .multiInsert(
        rows.map((row) => ({
          tenant_id: row.tenantId,
          template_id: row.templateId,
          migration_type: row.migrationType,
          module: row.module,
          name: row.name,
          batch: row.batch,
          duration_ms: row.durationMs,
          checksum: row.checksum,
          status: row.status,
          error: row.error,
          created_at: createdAt,
        }))
      )
  }

  #rows(tenant: Tenant, run: LayerRunResult, batch: number) {
    const base = {
      tenantId: tenant.id,
      templateId: tenant.templateId,
      migrationType: run.layer.type,
      module: run.layer.type === 'module' ? run.layer.owner : null,
      batch,
    }
    const rows: HistoryRow[] = run.applied.map((migration) => ({
      ...base,
      name: migration.name,
      durationMs: migration.durationMs,
      checksum: migration.checksum,
      status: 'applied' as const,
      error: null,
    }))
    if (run.failed) {
      rows.push({
        ...base,
        name: run.failed.name,
        durationMs: run.failed.durationMs,
        checksum: run.failed.checksum,
        status: 'failed',
        error: run.failed.error.message,
      })
    }
    return rows
  }

  /**
   * Marks everything applied as rolled back: the database it ran in is gone.
   */
  async discardApplied(tenant: Tenant) {
    await TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('status', 'applied')
      .update({ status: 'rolled_back' })
  }

  /**
   * Marks the named migrations of a layer as rolled back.
   */
  async markRolledBack(tenant: Tenant, layer: MigrationLayer, names: string[]) {
    if (names.length === 0) return
    const query = TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('migration_type', layer.type)
      .whereIn('name', names)
      .where('status', 'applied')
    if (layer.type === 'module' && layer.owner) query.where('module', layer.owner)
    await query.update({ status: 'rolled_back' })
  }

  /**
   * The tenant's most recently applied migration.
   */
  lastApplied(tenant: Tenant) {
    return TenantMigrationHistory.query()
      .where('tenant_id', tenant.id)
      .where('status', 'applied')
      .orderBy('id', 'desc')
      .first()
  }
}
