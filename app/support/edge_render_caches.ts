import type { Edge } from 'edge.js'

type CompiledTemplate = unknown
interface EdgeCompiler {
  cacheManager: { enabled: boolean }
  compile(templatePath: string, localVariables?: string[]): CompiledTemplate
}

const patched = new WeakSet<object>()
const partials = new WeakMap<EdgeCompiler, Map<string, CompiledTemplate>>()

/**
 * Keeps compiled `@include` partials, as Edge keeps pages and components.
 *
 * Edge skips its template cache whenever a partial is compiled with local
 * variables, and an `@include` always passes them (an empty list when the
 * template has none): every render re-read the partial from disk and parsed
 * it again, about a tenth of a member list's CPU in production. A partial
 * compiles to the same function for the same path and local variable names,
 * so it is kept under both. Only while the compiler's cache is on
 * (production): in development templates are read afresh on every render.
 *
 * Patches the compilers' shared prototype, so compilers made later by
 * `edge.configure()` keep partials too. Idempotent.
 */
export function cacheEdgePartials(edge: Edge) {
  const prototype = Object.getPrototypeOf(edge.compiler) as EdgeCompiler
  if (patched.has(prototype)) return
  patched.add(prototype)
  const compile = prototype.compile
  prototype.compile = function (
    this: EdgeCompiler,
    templatePath: string,
    localVariables?: string[]
  ) {
    if (!localVariables || !this.cacheManager.enabled) {
      return compile.call(this, templatePath, localVariables)
    }
    let cache = partials.get(this)
    if (!cache) partials.set(this, (cache = new Map()))
    const key = `${templatePath}\u0000${localVariables.join('\u0000')}`
    let compiled = cache.get(key)
    if (!compiled) {
      compiled = compile.call(this, templatePath, localVariables)
      cache.set(key, compiled)
    }
    return compiled
  }
}

const listed = new WeakSet<object>()

/**
 * Lists the component templates once, while the compiler's cache is on.
 *
 * Edge's default instance is made before the app turns its cache on, so the
 * plugin that turns `components/` into tags (`@layouts.staff(…)`) stays
 * "recurring" and walks the views directory on disk at every render. With
 * the cache on, templates do not change while the process runs: the list is
 * kept until a disk is mounted or unmounted or an in-memory template (which
 * Edge also lists as a component) is registered or removed. Idempotent.
 */
export function cacheEdgeComponentList(edge: Edge) {
  const loader = edge.loader
  if (listed.has(loader)) return
  listed.add(loader)
  const list = loader.listComponents.bind(loader)
  let components: ReturnType<typeof list> | undefined
  // What changes the list drops it: disks (un)mounted, in-memory templates added or removed.
  for (const method of ['mount', 'unmount', 'register', 'remove'] as const) {
    const original = loader[method].bind(loader) as (...args: unknown[]) => void
    ;(loader[method] as (...args: unknown[]) => void) = (...args) => {
      components = undefined
      return original(...args)
    }
  }
  loader.listComponents = () => {
    if (!edge.compiler.cacheManager.enabled) return list()
    components ??= list()
    return components
  }
}
