import type { HttpContext } from '@adonisjs/core/http'
import tenancy from '#tenancy/services/tenancy'

interface PartyProfile {
  name_translations: Record<string, string>
  description_translations: Record<string, string>
  headquarters: string | null
  phone: string | null
  email: string | null
  website: string | null
}

/**
 * The party's portal, on its own host and read from its own database.
 */
export default class PortalController {
  async home({ view, i18n, tenant }: HttpContext) {
    const profile: PartyProfile | undefined = await tenancy
      .db()
      .from('parties')
      .select(
        'name_translations',
        'description_translations',
        'headquarters',
        'phone',
        'email',
        'website'
      )
      .first()
    const locale = i18n.locale
    const pick = (translations: Record<string, string> | undefined, fallback = '') =>
      translations?.[locale] ?? translations?.en ?? translations?.ne ?? fallback
    return view.render('pages/portal/home', {
      partyName: pick(profile?.name_translations, tenant!.name),
      description: pick(profile?.description_translations),
      profile,
    })
  }
}
