import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { tenantContext } from '#tenancy/tenant_context'
import { changedValues, recordAudit, type AuditActor } from '#party/audit/audit_trail'
import {
  COMMITTEE_LEVELS,
  type CommitteePosition,
  type CommitteeType,
} from '#party/committees/committee_levels'
import type { Committee } from '#party/committees/committee_queries'

const tenantDb = () => db.connection(tenantContext.connectionName('changing committees'))

/** Thrown for a refusal the database cannot express; the controller explains it. */
export class CommitteeRuleError extends Error {
  constructor(
    readonly field: string,
    readonly key: string
  ) {
    super(`committees: ${key}`)
  }
}

export interface CommitteeInput {
  name?: string
  name_np?: string
  place_id?: number
  term_start: string | null
  term_end: string | null
  is_active?: boolean
}

/** Columns of a committee the audit log records. */
const AUDITED = ['name', 'name_np', 'term_start', 'term_end', 'is_active'] as const

async function snapshot(trx: TransactionClientContract, type: CommitteeType, id: number) {
  const level = COMMITTEE_LEVELS[type]
  const columns: (string | ReturnType<typeof trx.raw>)[] = [
    ...AUDITED.filter((column) => !column.startsWith('term_')),
    trx.raw(`to_char(term_start, 'YYYY-MM-DD') as term_start`),
    trx.raw(`to_char(term_end, 'YYYY-MM-DD') as term_end`),
  ]
  if (level.parentColumn) columns.push(level.parentColumn)
  if (level.placeColumn) columns.push(level.placeColumn)
  return trx.from(level.table).where('id', id).forUpdate().select(columns).first()
}

/**
 * The usual name of a committee of this level and place, in English and
 * Nepali (e.g. `Kaski District Committee`, `कास्की जिल्ला समिति`).
 */
async function defaultNames(
  trx: TransactionClientContract,
  type: CommitteeType,
  placeId: number | undefined,
  parent: Committee | null
) {
  const level = COMMITTEE_LEVELS[type]
  const placeTable = type === 'ward' ? 'local_levels' : level.placeTable
  const placeRowId = type === 'ward' ? parent?.placeId : placeId
  const place =
    placeTable && placeRowId
      ? await trx.from(placeTable).where('id', placeRowId).select('*').first()
      : null
  const name = (locale: string) => {
    const i18n = i18nManager.locale(locale)
    let placeName: string = place?.[locale === 'ne' ? 'name_np' : 'name'] ?? ''
    if (place && placeTable === 'local_levels') {
      placeName = i18n.t(`members.local_level_types.${place.type}`, { name: placeName })
    }
    return i18n.t(`committees.default_name.${type}`, {
      place: placeName,
      ward: locale === 'ne' ? toNepaliDigits(placeId ?? 0) : String(placeId ?? 0),
    })
  }
  return { name: name('en'), name_np: name('ne') }
}

function toNepaliDigits(value: number) {
  return String(value).replace(/[0-9]/g, (digit) => '०१२३४५६७८९'[Number(digit)])
}

/**
 * Creates a committee under `parent` (a central committee when there is
 * none), covering the chosen place. The database checks that the place
 * lies in the parent's area and that no other active committee covers it.
 */
export async function storeCommittee(
  parent: Committee | null,
  input: CommitteeInput,
  actor: AuditActor
): Promise<{ type: CommitteeType; id: number }> {
  const type: CommitteeType = parent ? COMMITTEE_LEVELS[parent.type].childType! : 'central'
  const level = COMMITTEE_LEVELS[type]
  if (parent && !parent.isActive) throw new CommitteeRuleError('committee', 'parent_inactive')
  if (level.placeColumn && !input.place_id) throw new CommitteeRuleError('place_id', 'choose_place')
  return tenantDb().transaction(async (trx) => {
    const names = await defaultNames(trx, type, input.place_id, parent)
    const row: Record<string, unknown> = {
      name: input.name || names.name,
      name_np: input.name_np || (input.name ? null : names.name_np),
      term_start: input.term_start,
      term_end: input.term_end,
      is_active: true,
    }
    if (level.parentColumn) row[level.parentColumn] = parent!.id
    if (level.placeColumn) row[level.placeColumn] = input.place_id
    const [{ id }] = await trx.table(level.table).insert(row).returning('id')
    await recordAudit(trx, actor, {
      action: 'created',
      auditableType: level.table,
      auditableId: id,
      newValues: await snapshot(trx, type, id),
    })
    return { type, id }
  })
}

/** Saves a committee's name, term and active flag; the audit row holds what changed. */
export async function updateCommittee(
  committee: Committee,
  input: CommitteeInput,
  actor: AuditActor
) {
  const level = COMMITTEE_LEVELS[committee.type]
  return tenantDb().transaction(async (trx) => {
    const before = await snapshot(trx, committee.type, committee.id)
    await trx
      .from(level.table)
      .where('id', committee.id)
      .update({
        name: input.name || committee.name,
        name_np: input.name_np || null,
        term_start: input.term_start,
        term_end: input.term_end,
        is_active: input.is_active ?? false,
        updated_at: trx.raw('now()'),
      })
    const { oldValues, newValues } = changedValues(
      before,
      await snapshot(trx, committee.type, committee.id)
    )
    if (Object.keys(newValues).length > 0) {
      await recordAudit(trx, actor, {
        action: 'updated',
        auditableType: level.table,
        auditableId: committee.id,
        oldValues,
        newValues,
      })
    }
  })
}

/** Marks a committee inactive (committees are kept for history, not deleted). */
export async function deactivateCommittee(committee: Committee, actor: AuditActor) {
  const level = COMMITTEE_LEVELS[committee.type]
  return tenantDb().transaction(async (trx) => {
    const changed = await trx
      .from(level.table)
      .where({ id: committee.id, is_active: true })
      .update({ is_active: false, updated_at: trx.raw('now()') })
    if (Number(changed) === 0) return
    await recordAudit(trx, actor, {
      action: 'deactivated',
      auditableType: level.table,
      auditableId: committee.id,
      oldValues: { is_active: true },
      newValues: { is_active: false },
    })
  })
}

/**
 * Deletes a committee made by mistake. The database refuses while anyone
 * ever sat on it or a committee hangs under it.
 */
export async function deleteCommittee(committee: Committee, actor: AuditActor) {
  const level = COMMITTEE_LEVELS[committee.type]
  return tenantDb().transaction(async (trx) => {
    const before = await snapshot(trx, committee.type, committee.id)
    await trx.from(level.table).where('id', committee.id).delete()
    await recordAudit(trx, actor, {
      action: 'deleted',
      auditableType: level.table,
      auditableId: committee.id,
      oldValues: before,
    })
  })
}

export interface SeatInput {
  member_id: number
  position: CommitteePosition
  from_date: string
  to_date: string | null
}

/**
 * Seats a member on a committee. A member may hold one seat at a time on a
 * committee: the database refuses a second open-ended seat
 * (`committee_members_one_current_seat`); terms with an end date are
 * checked for overlap here, in the same transaction.
 */
export async function seatMember(committee: Committee, input: SeatInput, actor: AuditActor) {
  if (!committee.isActive) throw new CommitteeRuleError('committee', 'committee_inactive')
  return tenantDb().transaction(async (trx) => {
    const member = await trx
      .from('members')
      .where('id', input.member_id)
      .whereNull('deleted_at')
      .forShare()
      .select('id', 'is_active')
      .first()
    if (!member) throw new CommitteeRuleError('member_id', 'unknown_member')
    if (!member.is_active) throw new CommitteeRuleError('member_id', 'member_inactive')
    // Both open-ended: left to the unique index. Otherwise overlapping terms are refused here.
    const overlap = await trx
      .from('committee_members')
      .where({
        committee_type: committee.type,
        committee_id: committee.id,
        member_id: input.member_id,
      })
      .where((where) => where.whereNull('to_date').orWhere('to_date', '>=', input.from_date))
      .if(input.to_date, (query) => query.where('from_date', '<=', input.to_date!))
      .if(!input.to_date, (query) => query.whereNotNull('to_date'))
      .select('id')
      .first()
    if (overlap) throw new CommitteeRuleError('member_id', 'seat_taken')
    const values = {
      member_id: input.member_id,
      committee_type: committee.type,
      committee_id: committee.id,
      position: input.position,
      from_date: input.from_date,
      to_date: input.to_date,
    }
    const [{ id }] = await trx.table('committee_members').insert(values).returning('id')
    await recordAudit(trx, actor, {
      action: 'created',
      auditableType: 'committee_members',
      auditableId: id,
      newValues: values,
    })
    return id as number
  })
}

/**
 * Ends a member's term on a committee on `toDate`. Returns false when the
 * seat is not on this committee or has already ended.
 */
export async function endSeat(
  committee: Committee,
  seatId: number,
  toDate: string,
  actor: AuditActor
) {
  return tenantDb().transaction(async (trx) => {
    const seat = await trx
      .from('committee_members')
      .where({ id: seatId, committee_type: committee.type, committee_id: committee.id })
      .where((where) => where.whereNull('to_date').orWhereRaw('to_date >= current_date'))
      .forUpdate()
      .select('id', trx.raw(`to_char(to_date, 'YYYY-MM-DD') as to_date`))
      .first()
    if (!seat) return false
    await trx
      .from('committee_members')
      .where('id', seatId)
      .update({ to_date: toDate, updated_at: trx.raw('now()') })
    await recordAudit(trx, actor, {
      action: 'updated',
      auditableType: 'committee_members',
      auditableId: seatId,
      oldValues: { to_date: seat.to_date },
      newValues: { to_date: toDate },
    })
    return true
  })
}
