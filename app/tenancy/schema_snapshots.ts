import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#models/landlord/tenant'
import TenantSchemaSnapshot from '#models/landlord/tenant_schema_snapshot'
import type { TenancyManager } from '#tenancy/tenancy_manager'
import { SchemaInspector, type DriftReport, type SchemaSnapshot } from '#tenancy/schema_inspector'

/**
 * Schema snapshots of tenant databases (tenant_schema_snapshots) and drift:
 * the live schema compared with the last accepted snapshot.
 */
export class SchemaSnapshots {
  protected inspector = new SchemaInspector()

  constructor(protected tenancy: TenancyManager) {}

  /**
   * Live schema of the tenant database (on the tenant context's connection
   * when it is this tenant's, else on a leased one).
   */
  live(tenant: Tenant): Promise<SchemaSnapshot> {
    return this.tenancy.run(tenant, () => this.inspector.snapshot(this.tenancy.db()))
  }

  /**
   * Whether the live schema differs from the last accepted snapshot: only
   * the baseline's hash is read when they agree (a snapshot is ~100 KB).
   */
  async hasDrift(tenant: Tenant) {
    const live = await this.live(tenant)
    const baseline = await TenantSchemaSnapshot.query()
      .where('tenant_id', tenant.id)
      .orderBy('id', 'desc')
      .select('schema_hash')
      .first()
    if (baseline && baseline.schemaHash === this.inspector.hash(live)) return false
    return this.diff(tenant, live).then((report) => report.hasDrift)
  }

  async hash(tenant: Tenant) {
    return this.inspector.hash(await this.live(tenant))
  }

  /**
   * Stores the live schema as the tenant's new baseline.
   */
  async take(tenant: Tenant, reason: string) {
    return this.store(tenant, await this.live(tenant), reason)
  }

  /**
   * Stores a snapshot read earlier as the tenant's new baseline (in the
   * landlord transaction `client` when given).
   */
  store(
    tenant: Tenant,
    snapshot: SchemaSnapshot,
    reason: string,
    options: { client?: TransactionClientContract } = {}
  ) {
    return TenantSchemaSnapshot.create(
      {
        tenantId: tenant.id,
        schemaHash: this.inspector.hash(snapshot),
        snapshot: snapshot as unknown as Record<string, unknown>,
        reason,
      },
      { client: options.client }
    )
  }

  latest(tenant: Tenant) {
    return TenantSchemaSnapshot.query().where('tenant_id', tenant.id).orderBy('id', 'desc').first()
  }

  /**
   * Live schema compared with the last accepted snapshot.
   */
  async driftReport(tenant: Tenant): Promise<DriftReport> {
    return this.diff(tenant, await this.live(tenant))
  }

  async diff(tenant: Tenant, live: SchemaSnapshot): Promise<DriftReport> {
    const baseline = await this.latest(tenant)
    return this.inspector.diff(
      baseline ? (baseline.snapshot as unknown as SchemaSnapshot) : null,
      live
    )
  }
}
