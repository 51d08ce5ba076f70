import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import Member from '#models/party/member'
import MemberPolicy from '#policies/member_policy'
import { memberValidator } from '#validators/member'
import { LayeredMessagesProvider } from '#support/i18n_messages'
import { auditActorOf, recordAudit } from '#party/audit/audit_trail'
import { exportMembersCsv } from '#party/members/export_members'
import {
  deleteMember,
  restoreMember,
  storeMember,
  updateMember,
} from '#actions/members/member_changes'
import {
  listMembers,
  MEMBER_SORTS,
  type MemberFilters,
  PAGE_FIELDS,
  parseMemberFilters,
} from '#party/members/list_members'
import { districtOptions, geographyOptions } from '#party/geography/geography_options'
import tenancy from '#tenancy/services/tenancy'
import { positionsOf } from '#party/committees/committee_queries'

/** The filters alone, without the fields that pick a page. */
function withoutPaging(filters: MemberFilters): MemberFilters {
  const kept = { ...filters }
  for (const field of PAGE_FIELDS) delete kept[field]
  return kept
}

/**
 * What the members list page shows for these filters: one page of members,
 * the count, the cursors and the place options. Reads the current tenant's
 * database unless given a Lucid connection name (the benchmark's bypassed
 * page, app/controllers/benchmark).
 */
export async function memberListPage(filters: MemberFilters, connectionName?: string) {
  const result = await listMembers(filters, connectionName)
  const kept = withoutPaging(filters)
  return {
    ...result,
    filters,
    query: kept,
    filtered: Object.keys(kept).some(
      (key) => key !== 'sort' && kept[key as keyof typeof kept] !== undefined
    ),
    sorts: MEMBER_SORTS,
  }
}

/**
 * The party's member register.
 */
export default class MembersController {
  async index({ request, view, bouncer }: HttpContext) {
    await bouncer.with(MemberPolicy).authorize('viewList')
    const filters = await parseMemberFilters(request.qs())
    if (filters.deleted && (await bouncer.with(MemberPolicy).denies('restore'))) {
      filters.deleted = undefined
    }
    return view.render('pages/party/members/index', await memberListPage(filters))
  }

  /**
   * Provinces, districts and local levels for the cascading selects of the
   * list's filters and the member form, as JSON (`?lang=en|ne`, else the
   * reader's language). Kept by the browser for an hour instead of being
   * written into every page (~100 KB).
   */
  async places({ request, response, i18n }: HttpContext) {
    const lang = request.input('lang')
    const locale = lang === 'en' || lang === 'ne' ? lang : i18n.locale
    response.header('Cache-Control', 'private, max-age=3600')
    return response.json(await geographyOptions(locale))
  }

  async create({ view, bouncer, i18n }: HttpContext) {
    await bouncer.with(MemberPolicy).authorize('create')
    return view.render('pages/party/members/form', {
      member: null,
      districts: await districtOptions(i18n.locale),
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, bouncer, session, i18n } = ctx
    await bouncer.with(MemberPolicy).authorize('create')
    const input = await request.validateUsing(memberValidator, {
      messagesProvider: new LayeredMessagesProvider(i18n, 'members.validation'),
    })
    const member = await this.#saving(ctx, () => storeMember(input, auditActorOf(ctx)))
    session.flash('success', i18n.t('members.flash.created', { id: member.membershipId }))
    return response.redirect(`/members/${member.id}`)
  }

  async show({ params, view, bouncer, i18n }: HttpContext) {
    await bouncer.with(MemberPolicy).authorize('view')
    const member = await this.#find(params.id)
    const name = i18n.locale === 'ne' ? 'name_np' : 'name'
    const client = tenancy.db()
    const [province, district, localLevel, issueDistrict] = await Promise.all([
      client.from('provinces').where('id', member.provinceId).select(`${name} as name`).first(),
      client.from('districts').where('id', member.districtId).select(`${name} as name`).first(),
      client
        .from('local_levels')
        .where('id', member.localLevelId)
        .select(`${name} as name`, 'type')
        .first(),
      member.citizenshipIssueDistrictId
        ? client
            .from('districts')
            .where('id', member.citizenshipIssueDistrictId)
            .select(`${name} as name`)
            .first()
        : null,
    ])
    return view.render('pages/party/members/show', {
      member,
      positions: await positionsOf(member.id),
      places: {
        province: province?.name,
        district: district?.name,
        localLevel: localLevel
          ? i18n.t(`members.local_level_types.${localLevel.type}`, { name: localLevel.name })
          : undefined,
        issueDistrict: issueDistrict?.name,
      },
    })
  }

  async edit({ params, view, bouncer, i18n }: HttpContext) {
    await bouncer.with(MemberPolicy).authorize('edit')
    return view.render('pages/party/members/form', {
      member: await this.#find(params.id),
      districts: await districtOptions(i18n.locale),
    })
  }

  async update(ctx: HttpContext) {
    const { params, request, response, bouncer, session, i18n } = ctx
    await bouncer.with(MemberPolicy).authorize('edit')
    const member = await this.#find(params.id)
    const input = await request.validateUsing(memberValidator, {
      messagesProvider: new LayeredMessagesProvider(i18n, 'members.validation'),
    })
    await this.#saving(ctx, () => updateMember(member, input, auditActorOf(ctx)))
    session.flash('success', i18n.t('members.flash.updated'))
    return response.redirect(`/members/${member.id}`)
  }

  async destroy(ctx: HttpContext) {
    const { params, response, bouncer, session, i18n } = ctx
    await bouncer.with(MemberPolicy).authorize('delete')
    const member = await this.#find(params.id)
    await deleteMember(member, auditActorOf(ctx))
    session.flash('success', i18n.t('members.flash.deleted', { name: member.fullName }))
    return response.redirect('/members')
  }

  async restore(ctx: HttpContext) {
    const { params, response, bouncer, session, i18n } = ctx
    await bouncer.with(MemberPolicy).authorize('restore')
    const member = await Member.query()
      .where('id', Number(params.id))
      .whereNotNull('deleted_at')
      .firstOrFail()
    try {
      await restoreMember(member, auditActorOf(ctx))
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string }
      if (code !== '23505' || constraint !== 'members_citizenship_unique') throw error
      session.flash('error', i18n.t('members.flash.restore_conflict', { name: member.fullName }))
      return response.redirect('/members?deleted=1')
    }
    session.flash('success', i18n.t('members.flash.restored', { name: member.fullName }))
    return response.redirect(`/members/${member.id}`)
  }

  /**
   * The members matching the list's filters as a CSV download, streamed
   * while this request holds the party's connection; audited.
   */
  async export(ctx: HttpContext) {
    const { request, response, bouncer } = ctx
    await bouncer.with(MemberPolicy).authorize('export')
    const filters = await parseMemberFilters(request.qs())
    const day = new Date().toISOString().slice(0, 10)
    response.header('Content-Type', 'text/csv; charset=utf-8')
    response.header('Content-Disposition', `attachment; filename="members-${day}.csv"`)
    response.header('Cache-Control', 'no-store')
    response.relayHeaders()
    // The download ends only once its audit row is written.
    const rows = await exportMembersCsv(withoutPaging(filters), response.response, { end: false })
    try {
      await recordAudit(tenancy.db(), auditActorOf(ctx), {
        action: 'exported',
        auditableType: 'members',
        newValues: { filters: withoutPaging(filters), rows },
      })
    } finally {
      response.response.end()
    }
  }

  /**
   * Runs a save, turning the database's refusal of a citizenship number
   * already held by a member (same issuing district) into a form error.
   */
  async #saving<T>({ i18n }: HttpContext, save: () => Promise<T>): Promise<T> {
    try {
      return await save()
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string }
      if (code === '23505' && constraint === 'members_citizenship_unique') {
        throw new vineErrors.E_VALIDATION_ERROR([
          {
            field: 'citizenship_number',
            rule: 'unique',
            message: i18n.t('members.validation.citizenship_taken'),
          },
        ])
      }
      throw error
    }
  }

  /** A member of this party that is not deleted; 404 otherwise. */
  #find(id: unknown) {
    return Member.query().where('id', Number(id)).whereNull('deleted_at').firstOrFail()
  }
}
