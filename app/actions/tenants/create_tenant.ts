import db from '@adonisjs/lucid/services/db'
import tenancyConfig from '#config/tenancy'
import Tenant from '#models/landlord/tenant'
import TenantTemplate from '#models/landlord/tenant_template'
import TemplateModule from '#models/landlord/template_module'
import { slugProblem } from '#tenancy/naming'
import { resolveModuleOrder } from '#tenancy/layers'
import { Exception } from '@adonisjs/core/exceptions'

/** Length of tenants.name and tenants.name_ne. */
const NAME_MAX = 200
const UNIQUE_VIOLATION = '23505'

export interface CreateTenantInput {
  slug: string
  name: string
  nameNe?: string | null
  template: string
  modules?: string[]
}

/**
 * The input named things that don't exist or aren't allowed. Each problem
 * is keyed by field so forms and the CLI can show it where it belongs.
 */
export class TenantInputException extends Exception {
  static status = 422
  static code = 'E_TENANT_INPUT'
  constructor(public readonly problems: Record<string, string>) {
    super(
      Object.entries(problems)
        .map(([field, problem]) => `${field}: ${problem}`)
        .join('; ')
    )
  }
}

/**
 * Records a new party in the landlord (status pending) with its template and
 * modules, dependencies included. Provisioning is a separate step.
 */
export async function createTenant(input: CreateTenantInput) {
  const problems: Record<string, string> = {}
  const slug = input.slug.trim().toLowerCase()
  const slugIssue = slugProblem(slug, tenancyConfig.reservedSlugs)
  if (slugIssue) problems.slug = slugIssue
  else if (await Tenant.findBy('slug', slug)) problems.slug = `"${slug}" is already taken`

  if (!input.name.trim()) {
    problems.name = 'is required'
  } else if (input.name.trim().length > NAME_MAX) {
    problems.name = `must be at most ${NAME_MAX} characters`
  }
  if ((input.nameNe?.trim().length ?? 0) > NAME_MAX) {
    problems.nameNe = `must be at most ${NAME_MAX} characters`
  }

  const template = await TenantTemplate.findBy('name', input.template)
  if (!template) problems.template = `unknown template "${input.template}"`
  else if (!template.isActive) problems.template = 'Template is not active'

  const catalog = await TemplateModule.all()
  let moduleNames: string[] = []
  try {
    moduleNames = resolveModuleOrder(
      input.modules ?? [],
      catalog.map((module) => ({ name: module.name, dependsOn: module.dependsOn }))
    )
    const inactive = catalog.filter((m) => moduleNames.includes(m.name) && !m.isActive)
    if (inactive.length > 0) {
      problems.modules = `not active: ${inactive.map((module) => module.name).join(', ')}`
    }
  } catch (error) {
    problems.modules = (error as Error).message
  }

  if (Object.keys(problems).length > 0 || !template) throw new TenantInputException(problems)

  try {
    return await insertTenant(slug, input, template, catalog, moduleNames)
  } catch (error) {
    // Two registrations of one slug at once: the loser learns it the same way.
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new TenantInputException({ slug: `"${slug}" is already taken` })
    }
    throw error
  }
}

async function insertTenant(
  slug: string,
  input: CreateTenantInput,
  template: TenantTemplate,
  catalog: TemplateModule[],
  moduleNames: string[]
) {
  return db.connection('landlord').transaction(async (trx) => {
    const tenant = await Tenant.create(
      {
        slug,
        name: input.name.trim(),
        nameNe: input.nameNe?.trim() || null,
        templateId: template.id,
        status: 'pending',
      },
      { client: trx }
    )
    const ids = catalog.filter((module) => moduleNames.includes(module.name)).map((m) => m.id)
    if (ids.length > 0) await tenant.related('modules').attach(ids, trx)
    return tenant
  })
}
