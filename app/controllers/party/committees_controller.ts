import type { HttpContext } from '@adonisjs/core/http'
import type { I18n } from '@adonisjs/i18n'
import CommitteePolicy from '#policies/committee_policy'
import { LayeredMessagesProvider } from '#support/i18n_messages'
import { pageOf } from '#support/page_number'
import { auditActorOf } from '#party/audit/audit_trail'
import { portalViewHelpers } from '#party/portal/view_helpers'
import { formatIsoLike, nepalCalendarDate } from '#party/calendar/bikram_sambat'
import { committeeValidator, endSeatValidator, isoDay, seatValidator } from '#validators/committee'
import {
  COMMITTEE_LEVELS,
  COMMITTEE_POSITIONS,
  isCommitteeType,
  parseCommitteeRef,
  parseId,
} from '#party/committees/committee_levels'
import {
  ancestorsOf,
  committeesUnder,
  findCommittee,
  findMembersToSeat,
  notFound,
  placesUnder,
  vacantPlacesUnder,
  currentSeatsOf,
  pastSeatsOf,
  type Committee,
} from '#party/committees/committee_queries'
import { explainingRefusals, formError, refusalOf } from '#party/committees/committee_errors'
import {
  CommitteeRuleError,
  deactivateCommittee,
  deleteCommittee,
  endSeat,
  seatMember,
  storeCommittee,
  updateCommittee,
} from '#actions/committees/committee_changes'

/**
 * The committee hierarchy of the party: central → provincial → district →
 * local level → ward, browsed one level at a time.
 */
export default class CommitteesController {
  /** The central committee and the provincial committees under it. */
  async index({ view, bouncer, i18n }: HttpContext) {
    await bouncer.with(CommitteePolicy).authorize('viewList')
    const centrals = await committeesUnder('central', null, i18n.locale)
    const current = centrals.find((committee) => committee.isActive) ?? null
    const central = current ? await findCommittee('central', current.id, i18n.locale) : null
    return view.render('pages/party/committees/index', {
      centrals,
      central,
      children: central ? await committeesUnder('provincial', central.id, i18n.locale) : [],
      vacant: central ? await vacantPlacesUnder(central, i18n.locale) : [],
    })
  }

  async create({ request, view, bouncer, i18n }: HttpContext) {
    await bouncer.with(CommitteePolicy).authorize('create')
    const parent = await this.#parent(request.qs().parent, i18n)
    return view.render('pages/party/committees/form', {
      committee: null,
      parent,
      type: parent ? COMMITTEE_LEVELS[parent.type].childType : 'central',
      ancestors: parent ? [...(await ancestorsOf(parent, i18n.locale)), parent] : [],
      places: parent ? await placesUnder(parent, i18n.locale) : [],
      selected: request.qs().place,
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, bouncer, session, i18n } = ctx
    await bouncer.with(CommitteePolicy).authorize('create')
    const parent = await this.#parent(request.input('parent'), i18n)
    const input = await request.validateUsing(committeeValidator, {
      messagesProvider: new LayeredMessagesProvider(i18n, 'committees.validation'),
    })
    const created = await this.#saving(i18n, () =>
      storeCommittee(
        parent,
        { ...input, term_start: isoDay(input.term_start), term_end: isoDay(input.term_end) },
        auditActorOf(ctx)
      )
    )
    session.flash('success', i18n.t('committees.flash.created'))
    return response.redirect(`/committees/${created.type}/${created.id}`)
  }

  async show({ params, request, view, bouncer, i18n }: HttpContext) {
    await bouncer.with(CommitteePolicy).authorize('view')
    const committee = await this.#find(params, i18n)
    const childType = COMMITTEE_LEVELS[committee.type].childType
    const q = typeof request.qs().q === 'string' ? request.qs().q.slice(0, 100) : ''
    const canSeat = await bouncer.with(CommitteePolicy).allows('manageSeats')
    const past = await pastSeatsOf(committee, pageOf(request.input('page')))
    past.paginator.baseUrl(`/committees/${committee.type}/${committee.id}`)
    // Today in Nepal, the default date of a new seat and of a term's end.
    const today = formatIsoLike(nepalCalendarDate())
    return view.render('pages/party/committees/show', {
      committee,
      childType,
      ancestors: await ancestorsOf(committee, i18n.locale),
      children: childType ? await committeesUnder(childType, committee.id, i18n.locale) : [],
      vacant:
        childType && committee.isActive ? await vacantPlacesUnder(committee, i18n.locale) : [],
      current: await currentSeatsOf(committee),
      past: past.rows,
      pastPaginator: past.paginator,
      positions: COMMITTEE_POSITIONS,
      q,
      candidates: canSeat && q ? await findMembersToSeat(q) : [],
      today,
      // Shown beside each end-of-term date from the start, without a request per row.
      todayBs: portalViewHelpers(i18n.locale).formatDate(today).split(' (')[0],
    })
  }

  async edit({ params, view, bouncer, i18n }: HttpContext) {
    await bouncer.with(CommitteePolicy).authorize('edit')
    const committee = await this.#find(params, i18n)
    return view.render('pages/party/committees/form', {
      committee,
      parent: null,
      type: committee.type,
      ancestors: await ancestorsOf(committee, i18n.locale),
      places: [],
    })
  }

  async update(ctx: HttpContext) {
    const { params, request, response, bouncer, session, i18n } = ctx
    await bouncer.with(CommitteePolicy).authorize('edit')
    const committee = await this.#find(params, i18n)
    const input = await request.validateUsing(committeeValidator, {
      messagesProvider: new LayeredMessagesProvider(i18n, 'committees.validation'),
    })
    await this.#saving(i18n, () =>
      updateCommittee(
        committee,
        { ...input, term_start: isoDay(input.term_start), term_end: isoDay(input.term_end) },
        auditActorOf(ctx)
      )
    )
    session.flash('success', i18n.t('committees.flash.updated'))
    return response.redirect(`/committees/${committee.type}/${committee.id}`)
  }

  async deactivate(ctx: HttpContext) {
    const { params, response, bouncer, session, i18n } = ctx
    await bouncer.with(CommitteePolicy).authorize('edit')
    const committee = await this.#find(params, i18n)
    await deactivateCommittee(committee, auditActorOf(ctx))
    session.flash('success', i18n.t('committees.flash.deactivated'))
    return response.redirect(`/committees/${committee.type}/${committee.id}`)
  }

  async destroy(ctx: HttpContext) {
    const { params, response, bouncer, session, i18n } = ctx
    await bouncer.with(CommitteePolicy).authorize('delete')
    const committee = await this.#find(params, i18n)
    try {
      await deleteCommittee(committee, auditActorOf(ctx))
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string }
      if (code !== '23503') throw error
      const key = constraint === 'committee_members_committee_fk' ? 'has_members' : 'has_children'
      session.flash('error', i18n.t(`committees.errors.${key}`))
      return response.redirect(`/committees/${committee.type}/${committee.id}`)
    }
    session.flash('success', i18n.t('committees.flash.deleted'))
    const parentType = COMMITTEE_LEVELS[committee.type].parentType
    return response.redirect(
      parentType ? `/committees/${parentType}/${committee.parentId}` : '/committees'
    )
  }

  /** Seats a member in a position on this committee. */
  async seat(ctx: HttpContext) {
    const { params, request, response, bouncer, session, i18n } = ctx
    await bouncer.with(CommitteePolicy).authorize('manageSeats')
    const committee = await this.#find(params, i18n)
    const input = await request.validateUsing(seatValidator, {
      messagesProvider: new LayeredMessagesProvider(i18n, 'committees.validation'),
    })
    await this.#saving(i18n, () =>
      seatMember(
        committee,
        { ...input, from_date: isoDay(input.from_date)!, to_date: isoDay(input.to_date) },
        auditActorOf(ctx)
      )
    )
    session.flash('success', i18n.t('committees.flash.seated'))
    return response.redirect(`/committees/${committee.type}/${committee.id}`)
  }

  /** Ends a member's term on this committee. */
  async endSeat(ctx: HttpContext) {
    const { params, request, response, bouncer, session, i18n } = ctx
    await bouncer.with(CommitteePolicy).authorize('manageSeats')
    const committee = await this.#find(params, i18n)
    const seatId = parseId(params.seat) ?? notFound()
    const back = `/committees/${committee.type}/${committee.id}`
    const [invalid, input] = await endSeatValidator.tryValidate(request.all())
    if (invalid) {
      session.flash('error', i18n.t('committees.errors.end_date_invalid'))
      return response.redirect(back)
    }
    try {
      const ended = await endSeat(committee, seatId, isoDay(input.to_date)!, auditActorOf(ctx))
      if (!ended) notFound()
    } catch (error) {
      const refusal = refusalOf(error)
      if (!refusal) throw error
      session.flash('error', i18n.t(`committees.errors.${refusal.key}`))
      return response.redirect(back)
    }
    session.flash('success', i18n.t('committees.flash.term_ended'))
    return response.redirect(back)
  }

  /** Runs a write; refusals (the database's or the rules') become form errors. */
  async #saving<T>(i18n: I18n, write: () => Promise<T>): Promise<T> {
    try {
      return await explainingRefusals(i18n, write)
    } catch (error) {
      if (error instanceof CommitteeRuleError) throw formError(i18n, error.field, error.key)
      throw error
    }
  }

  /** The committee named by `:type/:id` in this party; 404 for anything else. */
  #find(params: Record<string, unknown>, i18n: I18n) {
    const id = parseId(params.id)
    if (!isCommitteeType(params.type) || id === null) notFound()
    return findCommittee(params.type, id, i18n.locale)
  }

  /**
   * The parent committee of a new one (`district:12`), null for a central
   * committee; 404 for a malformed or unknown parent or a ward committee.
   */
  async #parent(value: unknown, i18n: I18n): Promise<Committee | null> {
    if (value === undefined || value === null || value === '') return null
    const ref = parseCommitteeRef(value)
    if (!ref || !COMMITTEE_LEVELS[ref.type].childType) notFound()
    return findCommittee(ref.type, ref.id, i18n.locale)
  }
}
