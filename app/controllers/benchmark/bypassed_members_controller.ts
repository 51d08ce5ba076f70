import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import type { PostgreConfig } from '@adonisjs/lucid/types/database'
import app from '@adonisjs/core/services/app'
import tenancyConfig from '#config/tenancy'
import env from '#start/env'
import { memberListPage } from '#controllers/party/members_controller'
import { parseMemberFilters } from '#party/members/list_members'
import { portalViewHelpers } from '#party/portal/view_helpers'

/** Lucid connection of the bypassed page: one fixed pool to one tenant database. */
export const BYPASS_CONNECTION = 'bench_bypass'

/**
 * The fixed connection to BENCH_BYPASS_DATABASE, with the landlord's
 * credentials and at most as many connections as the tenancy budget.
 */
function bypassConnection() {
  if (db.manager.has(BYPASS_CONNECTION)) return BYPASS_CONNECTION
  const landlord = app.config.get<PostgreConfig>('database.connections.landlord')
  db.manager.add(BYPASS_CONNECTION, {
    ...landlord,
    connection: { ...(landlord.connection as object), database: env.get('BENCH_BYPASS_DATABASE') },
    pool: { min: 0, max: tenancyConfig.maxConnections },
  })
  return BYPASS_CONNECTION
}

/**
 * Benchmark only (npm run bench -- http): a party's members list with the
 * tenancy engine bypassed. Same query (listMembers) and template as
 * /members, but no host resolution, no tenant
 * context and no sign-in: the floor the tenant page is compared with.
 * start/routes.ts registers it only when BENCH_BYPASS_DATABASE is set.
 */
export default class BypassedMembersController {
  async index({ request, view, i18n }: HttpContext) {
    const filters = await parseMemberFilters(request.qs())
    const page = await memberListPage(filters, bypassConnection())
    view.share({
      party: { name: 'Benchmark', nameNe: null },
      staff: { fullName: 'Benchmark', fullNameNp: null, role: 'admin' },
      hasModule: () => false,
      ...portalViewHelpers(i18n.locale),
    })
    return view.render('pages/party/members/index', page)
  }
}
