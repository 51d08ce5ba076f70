import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import tenancyConfig from '#config/tenancy'
import Tenant from '#models/landlord/tenant'
import TenantTemplate from '#models/landlord/tenant_template'
import TemplateModule from '#models/landlord/template_module'
import { slugProblem } from '#tenancy/naming'

/**
 * Why a slug cannot be used, as a rule name (its message comes from the
 * validator lang files), or null when it is free.
 */
export async function slugUnavailability(slug: string) {
  if (tenancyConfig.reservedSlugs.includes(slug)) return 'slug_reserved'
  if (slugProblem(slug, tenancyConfig.reservedSlugs)) return 'slug_format'
  const taken = await Tenant.query().select('id').where('slug', slug).first()
  return taken ? 'slug_taken' : null
}

const availableSlug = vine.createRule(async (value: unknown, _options: undefined, field) => {
  if (typeof value !== 'string') return
  const problem = await slugUnavailability(value)
  if (problem) field.report(`The {{ field }} cannot be used (${problem})`, problem, field)
})

const activeTemplate = vine.createRule(async (value: unknown, _options: undefined, field) => {
  if (typeof value !== 'string') return
  const template = await TenantTemplate.findBy('name', value)
  if (!template) field.report('Unknown template', 'template_unknown', field)
  else if (!template.isActive) field.report('Template is not active', 'template_inactive', field)
})

const activeModules = vine.createRule(
  async (value: unknown, _options: undefined, field: FieldContext) => {
    if (!Array.isArray(value) || value.length === 0) return
    const found = await TemplateModule.query().whereIn('name', value as string[])
    const byName = new Map(found.map((module) => [module.name, module]))
    for (const name of value as string[]) {
      const module = byName.get(name)
      if (!module) {
        field.report('Unknown module', 'module_unknown', field, { module: name })
        return
      }
      if (!module.isActive) {
        field.report('Module is not active', 'module_inactive', field, { module: name })
        return
      }
    }
  }
)

/**
 * The provisioning wizard, every step checked again on the server:
 * party details, template, modules.
 */
export const newTenantValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(150),
  name_ne: vine.string().trim().maxLength(150).optional(),
  slug: vine.string().trim().toLowerCase().maxLength(40).use(availableSlug()),
  contact_email: vine.string().trim().email().maxLength(254).optional(),
  contact_phone: vine
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{5,18}$/)
    .optional(),
  template: vine.string().trim().maxLength(100).use(activeTemplate()),
  modules: vine
    .array(vine.string().trim().maxLength(100))
    .maxLength(50)
    .distinct()
    .use(activeModules())
    .optional(),
})

/**
 * The slug availability check of the wizard's first step.
 */
export const slugCheckValidator = vine.create({
  slug: vine.string().trim().toLowerCase().maxLength(100),
})
