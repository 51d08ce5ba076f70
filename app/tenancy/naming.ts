import { InvalidTenantSlugException } from '#tenancy/exceptions'

const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/
const DATABASE_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Checks a tenant slug: 3–40 lowercase letters, digits and hyphens, not
 * starting or ending with a hyphen, no double hyphen, not reserved.
 * Returns the reason when invalid.
 */
export function slugProblem(slug: string, reserved: readonly string[]): string | null {
  if (!SLUG_PATTERN.test(slug)) {
    return 'must be 3–40 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit'
  }
  if (slug.includes('--')) return 'must not contain two hyphens in a row'
  if (reserved.includes(slug)) return `"${slug}" is reserved`
  return null
}

/**
 * Throws InvalidTenantSlugException when the slug is not acceptable.
 */
export function assertValidSlug(slug: string, reserved: readonly string[]) {
  const problem = slugProblem(slug, reserved)
  if (problem) throw new InvalidTenantSlugException(`Invalid tenant slug "${slug}": ${problem}`)
}

/**
 * Database name of a tenant: prefix + slug with hyphens as underscores.
 * Always a plain identifier, so quoting can never be escaped.
 */
export function databaseNameFor(slug: string, prefix: string) {
  const name = `${prefix}${slug.replaceAll('-', '_')}`
  assertSafeDatabaseName(name)
  return name
}

export function assertSafeDatabaseName(name: string) {
  if (!DATABASE_NAME_PATTERN.test(name)) {
    throw new InvalidTenantSlugException(
      `"${name}" is not a safe database name (lowercase letters, digits, underscores; at most 63)`
    )
  }
}

/**
 * Double-quotes an identifier for SQL.
 */
export function quoteIdentifier(name: string) {
  return `"${name.replaceAll('"', '""')}"`
}

/** Start of the comment the platform writes on every database and role it creates. */
export const PLATFORM_MARK_PREFIX = 'sangathan:tenant:'

/**
 * The mark of a tenant's database and role: the platform drops or reuses
 * only a database or role whose comment is exactly this.
 */
export function tenantMark(uuid: string) {
  if (!/^[0-9a-f-]{36}$/i.test(uuid)) throw new Error(`"${uuid}" is not a tenant UUID`)
  return `${PLATFORM_MARK_PREFIX}${uuid.toLowerCase()}`
}

/**
 * Whether a database or role comment is a mark of this platform (of any tenant).
 */
export function isPlatformMark(comment: string | null | undefined): comment is string {
  return !!comment && comment.startsWith(PLATFORM_MARK_PREFIX)
}

/**
 * Login role of a tenant database: the database's own name, so an operator
 * sees at a glance which role belongs to which database.
 */
export function roleNameFor(databaseName: string) {
  assertSafeDatabaseName(databaseName)
  return databaseName
}

/**
 * The marks of one kind of database made from a golden (the goldens
 * themselves, their spare copies): ready (`<ready><set>:<key>`), still
 * being made (`<building><set>:<key>`), whether a comment is either, and
 * the set and key it names.
 */
export function goldenMarkKind(prefixes: { ready: string; building: string }) {
  const { ready, building } = prefixes
  return {
    ready: (golden: { setId: string; key: string }) => `${ready}${golden.setId}:${golden.key}`,
    building: (golden: { setId: string; key: string }) =>
      `${building}${golden.setId}:${golden.key}`,
    is: (mark: string | null | undefined): mark is string =>
      !!mark && (mark.startsWith(ready) || mark.startsWith(building)),
    /** Set and key of a mark of this kind (`is` first). */
    parts(mark: string) {
      const rest = mark.startsWith(ready) ? mark.slice(ready.length) : mark.slice(building.length)
      const [setId, key] = rest.split(':')
      return { setId, key }
    },
  }
}
