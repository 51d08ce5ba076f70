import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const LAYER_TYPES = ['basic', 'template', 'module', 'custom'] as const
export type LayerType = (typeof LAYER_TYPES)[number]

/**
 * One folder of tenant migrations, applied and tracked on its own.
 */
export interface MigrationLayer {
  type: LayerType
  /** Template or module name, or the tenant slug for custom. */
  owner: string | null
  /** basic | template | module:<name> | custom */
  key: string
  /** Folder relative to the app root. */
  path: string
  /** Table in the tenant database recording this layer's migrations. */
  trackingTable: string
}

const NAME_PATTERN = /^[a-z][a-z0-9_]{0,36}$/

export interface ModuleDefinition {
  name: string
  dependsOn: string[]
}

/**
 * Orders the selected modules so dependencies come first, adding the
 * dependencies that were not selected. Throws on unknown modules and cycles.
 */
export function resolveModuleOrder(selected: string[], catalog: ModuleDefinition[]): string[] {
  const byName = new Map(catalog.map((module) => [module.name, module]))
  const ordered: string[] = []
  const visiting = new Set<string>()

  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name)) return
    const module = byName.get(name)
    if (!module) {
      const via = path.length ? ` (needed by ${path.join(' → ')})` : ''
      throw new Error(`Unknown module "${name}"${via}`)
    }
    if (visiting.has(name)) {
      throw new Error(`Module dependency cycle: ${[...path, name].join(' → ')}`)
    }
    visiting.add(name)
    for (const dependency of module.dependsOn) visit(dependency, [...path, name])
    visiting.delete(name)
    ordered.push(name)
  }

  for (const name of selected) visit(name, [])
  return ordered
}

/**
 * The layers of a tenant, in the order they apply. Custom is included only
 * when the tenant has a custom folder.
 */
export function resolveLayers(options: {
  appRoot: string
  migrationsRoot: string
  template: string
  modules: string[]
  slug: string
}): MigrationLayer[] {
  for (const name of [options.template, ...options.modules]) {
    if (!NAME_PATTERN.test(name)) throw new Error(`Invalid template or module name "${name}"`)
  }
  const root = options.migrationsRoot
  const layers: MigrationLayer[] = [
    layer('basic', null, 'basic', join(root, 'basic'), 'schema_migrations_basic'),
    layer(
      'template',
      options.template,
      'template',
      join(root, 'templates', options.template),
      'schema_migrations_template'
    ),
    ...options.modules.map((name) =>
      layer(
        'module',
        name,
        `module:${name}`,
        join(root, 'modules', name),
        `schema_migrations_module_${name}`
      )
    ),
  ]
  const customPath = join(root, 'custom', options.slug)
  if (existsSync(join(options.appRoot, customPath))) {
    layers.push(layer('custom', options.slug, 'custom', customPath, 'schema_migrations_custom'))
  }
  return layers
}

function layer(
  type: LayerType,
  owner: string | null,
  key: string,
  path: string,
  trackingTable: string
): MigrationLayer {
  return { type, owner, key, path, trackingTable }
}

/**
 * Prefix shared by all layer tracking tables (excluded from schema snapshots).
 */
export const TRACKING_TABLE_PREFIX = 'schema_migrations_'
