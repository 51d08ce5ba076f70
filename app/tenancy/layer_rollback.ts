import { Exception } from '@adonisjs/core/exceptions'
import type Tenant from '#models/landlord/tenant'
import TemplateModule from '#models/landlord/template_module'
import type { LayeredMigrator } from '#tenancy/layered_migrator'
import type { LayerType, MigrationLayer } from '#tenancy/layers'
import type { MigrationHistory } from '#tenancy/migration_history'
import type { SchemaSnapshots } from '#tenancy/schema_snapshots'
import type { TenancyManager } from '#tenancy/tenancy_manager'
import type { TenantLayers } from '#tenancy/tenant_layers'
import { TenantProvisioningException } from '#tenancy/exceptions'
import { quoteIdentifier } from '#tenancy/naming'

export interface RollbackOptions {
  layer?: LayerType
  /** Which module's layer (implies layer "module"). */
  module?: string
  step?: number
  /** Go ahead although tables or columns holding rows would be dropped. */
  allowDataLoss?: boolean
}

/**
 * A table (or one column of it) a rollback drops, and the rows it holds.
 */
export interface DataLoss {
  table: string
  column?: string
  rows: number
}

export interface RollbackPlan {
  layer: MigrationLayer | null
  /** Migrations that would be rolled back, newest first. */
  migrations: string[]
  /** Layers built on this one that still have migrations applied. */
  blockedBy: string[]
  /** What the down() methods drop, with the rows that would be lost. */
  losses: DataLoss[]
}

/**
 * A rollback was refused before anything changed: other layers depend on
 * the layer, it would destroy rows without allowDataLoss, or the layer
 * named does not exist.
 */
export class RollbackRefusedException extends Exception {
  static status = 409
  static code = 'E_ROLLBACK_REFUSED'
}

/**
 * Rolls back the last batch of one layer of a tenant database, only when no
 * other layer depends on it, in one transaction, never destroying rows
 * unless told to.
 */
export class LayerRollback {
  constructor(
    protected layers: TenantLayers,
    protected migrator: LayeredMigrator,
    protected history: MigrationHistory,
    protected snapshots: SchemaSnapshots,
    protected tenancy: TenancyManager
  ) {}

  /**
   * What rolling back would do, without changing anything: the layer (by
   * default the one migrated most recently), its migrations, the layers
   * that block it and the rows that would be lost.
   */
  async plan(tenant: Tenant, options: RollbackOptions = {}): Promise<RollbackPlan> {
    const layers = await this.layers.for(tenant)
    const layer = await this.#choose(tenant, layers, options)
    if (!layer) return { layer: null, migrations: [], blockedBy: [], losses: [] }

    const blockedBy: string[] = []
    for (const dependent of await this.#dependents(layer, layers)) {
      const list = await this.migrator.list(tenant, dependent)
      if (list.some((node) => node.status === 'migrated')) blockedBy.push(dependent.key)
    }
    const dry = await this.migrator.down(tenant, layer, { step: options.step, dryRun: true })
    if (dry.error) throw this.#failure(tenant, layer, dry.error)
    const dropped = droppedBy(dry.rolledBack.flatMap((name) => dry.queries[name] ?? []))
    return {
      layer,
      migrations: dry.rolledBack,
      blockedBy,
      losses: await this.#count(tenant, dropped),
    }
  }

  /**
   * Rolls back a layer's last batch (or `step` migrations) after checking
   * the plan: refused while later layers depend on it, and while it would
   * drop rows unless allowDataLoss. History rows of exactly those
   * migrations are marked rolled back and a snapshot is taken.
   */
  async rollback(tenant: Tenant, options: RollbackOptions = {}) {
    const plan = await this.plan(tenant, options)
    const { layer } = plan
    if (!layer || plan.migrations.length === 0) {
      return { layer, rolledBack: [] as string[], losses: [] as DataLoss[] }
    }
    const refusal = refusalOf(tenant, plan, options)
    if (refusal) throw new RollbackRefusedException(refusal)

    const result = await this.migrator.down(tenant, layer, { step: options.step })
    if (result.rolledBack.length > 0) {
      await this.history.markRolledBack(tenant, layer, result.rolledBack)
      await this.snapshots.take(tenant, 'rolled_back')
    }
    if (result.error) throw this.#failure(tenant, layer, result.error)
    return { layer, rolledBack: result.rolledBack, losses: plan.losses }
  }

  async #choose(tenant: Tenant, layers: MigrationLayer[], options: RollbackOptions) {
    const modules = layers.filter((candidate) => candidate.type === 'module')
    const moduleNames = modules.map((candidate) => candidate.owner).join(', ') || 'none'
    if (options.module) {
      if (options.layer && options.layer !== 'module') {
        throw new RollbackRefusedException('--module goes with --layer=module (or no --layer)')
      }
      const layer = modules.find((candidate) => candidate.owner === options.module)
      if (!layer) {
        throw new RollbackRefusedException(
          `${tenant.slug} has no module "${options.module}" (its modules: ${moduleNames})`
        )
      }
      return layer
    }
    if (options.layer === 'module') {
      if (modules.length === 1) return modules[0]
      throw new RollbackRefusedException(
        `Name the module to roll back with --module (${tenant.slug} has: ${moduleNames})`
      )
    }
    if (options.layer) return layers.find((candidate) => candidate.type === options.layer)
    const last = await this.history.lastApplied(tenant)
    return last
      ? layers.find(
          (candidate) =>
            candidate.type === last.migrationType &&
            (candidate.type !== 'module' || candidate.owner === last.module)
        )
      : undefined
  }

  /**
   * Layers built on this one: everything after basic; modules and custom
   * after the template; custom and the modules that depend on a module.
   */
  async #dependents(layer: MigrationLayer, layers: MigrationLayer[]) {
    switch (layer.type) {
      case 'basic':
        return layers.filter((candidate) => candidate.type !== 'basic')
      case 'template':
        return layers.filter((candidate) => ['module', 'custom'].includes(candidate.type))
      case 'module': {
        const catalog = await TemplateModule.all()
        const dependsOnIt = new Set(
          catalog
            .filter((module) => module.dependsOn.includes(layer.owner!))
            .map((module) => module.name)
        )
        return layers.filter(
          (candidate) =>
            candidate.type === 'custom' ||
            (candidate.type === 'module' && dependsOnIt.has(candidate.owner!))
        )
      }
      case 'custom':
        return []
    }
  }

  /**
   * Rows held by the tables and columns about to be dropped (those that exist).
   */
  async #count(tenant: Tenant, dropped: Array<{ table: string; column?: string }>) {
    if (dropped.length === 0) return []
    return this.tenancy.run(tenant, async () => {
      const db = this.tenancy.db()
      const losses: DataLoss[] = []
      for (const { table, column } of dropped) {
        const [schema, name] = table.includes('.') ? table.split('.', 2) : ['public', table]
        const exists = await db.rawQuery(
          `select 1 from information_schema.columns
             where table_schema = ? and table_name = ? and (? = '' or column_name = ?) limit 1`,
          [schema, name, column ?? '', column ?? '']
        )
        if (exists.rows.length === 0) continue
        const from = `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`
        const where = column ? ` where ${quoteIdentifier(column)} is not null` : ''
        const result = await db.rawQuery(`select count(*)::bigint as rows from ${from}${where}`)
        losses.push({
          table: name,
          ...(column ? { column } : {}),
          rows: Number(result.rows[0].rows),
        })
      }
      return losses
    })
  }

  #failure(tenant: Tenant, layer: MigrationLayer, error: Error) {
    return new TenantProvisioningException(`Rollback failed: ${error.message}`, {
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      stage: layer.type,
      cause: error,
    })
  }
}

/**
 * Why a planned rollback must not run, or null when it may: later layers
 * still applied on top of it, or rows it would destroy without allowDataLoss.
 */
export function refusalOf(
  tenant: Pick<Tenant, 'slug'>,
  plan: RollbackPlan,
  options: Pick<RollbackOptions, 'allowDataLoss'>
): string | null {
  const key = plan.layer?.key
  const blockers = plan.blockedBy
  if (blockers.length > 0) {
    const one = blockers.length === 1
    return `Cannot roll back ${key} of ${tenant.slug}: ${blockers.join(', ')} ${one ? 'has' : 'have'} migrations applied and ${one ? 'depends' : 'depend'} on it; roll ${one ? 'it' : 'them'} back first`
  }
  const losing = plan.losses.filter((loss) => loss.rows > 0)
  if (losing.length > 0 && !options.allowDataLoss) {
    return `Rolling back ${key} of ${tenant.slug} would destroy ${describeLosses(losing)}`
  }
  return null
}

/**
 * "donations (12 rows), members.nickname (3 values)".
 */
export function describeLosses(losses: DataLoss[]) {
  return losses
    .map((loss) =>
      loss.column
        ? `${loss.table}.${loss.column} (${loss.rows} value${loss.rows === 1 ? '' : 's'})`
        : `${loss.table} (${loss.rows} row${loss.rows === 1 ? '' : 's'})`
    )
    .join(', ')
}

const IDENTIFIER = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`
const QUALIFIED = String.raw`${IDENTIFIER}(?:\s*\.\s*${IDENTIFIER})?`
const LIST = String.raw`${QUALIFIED}(?:\s*,\s*${QUALIFIED})*`

/**
 * Tables and columns that SQL statements drop or empty: DROP TABLE,
 * TRUNCATE and ALTER TABLE … DROP COLUMN, as Lucid's schema builder and
 * hand-written raw SQL emit them. (Data removed by code in defer() is not seen.)
 */
export function droppedBy(queries: string[]): Array<{ table: string; column?: string }> {
  const found = new Map<string, { table: string; column?: string }>()
  const add = (table: string, column?: string) =>
    found.set(`${table}.${column ?? '*'}`, column ? { table, column } : { table })
  const sql = queries.join(';\n')
  const tableLists = [
    new RegExp(String.raw`\bdrop\s+table\s+(?:if\s+exists\s+)?(${LIST})`, 'gi'),
    new RegExp(String.raw`\btruncate\s+(?:table\s+)?(?:only\s+)?(${LIST})`, 'gi'),
  ]
  for (const pattern of tableLists) {
    for (const match of sql.matchAll(pattern)) {
      for (const table of splitList(match[1])) add(table)
    }
  }
  const alter = new RegExp(
    String.raw`\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?(${QUALIFIED})([^;]*)`,
    'gi'
  )
  const dropColumn = new RegExp(
    String.raw`\bdrop\s+column\s+(?:if\s+exists\s+)?(${IDENTIFIER})`,
    'gi'
  )
  for (const match of sql.matchAll(alter)) {
    const table = unquote(match[1])
    for (const column of match[2].matchAll(dropColumn)) add(table, unquote(column[1]))
  }
  return [...found.values()]
}

function splitList(list: string) {
  return [...list.matchAll(new RegExp(QUALIFIED, 'g'))].map((match) => unquote(match[0]))
}

/**
 * `"public"."audit_logs"` → `public.audit_logs`; a bare name keeps PostgreSQL's lower case.
 */
function unquote(name: string) {
  return [...name.matchAll(new RegExp(IDENTIFIER, 'g'))]
    .map(([part]) =>
      part.startsWith('"') ? part.slice(1, -1).replaceAll('""', '"') : part.toLowerCase()
    )
    .join('.')
}
