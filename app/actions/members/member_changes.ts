import { DateTime } from 'luxon'
import { formatMembershipId } from '#party/members/membership_id'
import db from '@adonisjs/lucid/services/db'
import type { Infer } from '@vinejs/vine/types'
import Member from '#models/party/member'
import type { memberValidator } from '#validators/member'
import { tenantContext } from '#tenancy/tenant_context'
import { changedValues, recordAudit, type AuditActor } from '#party/audit/audit_trail'

export type MemberInput = Infer<typeof memberValidator>

/** Columns of a member the audit log records. */
const AUDITED = [
  'membership_id',
  'full_name',
  'full_name_np',
  'date_of_birth',
  'gender',
  'citizenship_number',
  'citizenship_issue_district_id',
  'email',
  'phone',
  'landline',
  'pan_number',
  'province_id',
  'district_id',
  'local_level_id',
  'ward_number',
  'permanent_address',
  'membership_type',
  'is_active',
  'deleted_at',
] as const

function auditedValues(member: Member) {
  const byColumn: Record<string, unknown> = {}
  for (const [attribute, definition] of Member.$columnsDefinitions) {
    byColumn[definition.columnName] = member.$attributes[attribute]
  }
  const values: Record<string, unknown> = {}
  for (const column of AUDITED) {
    const value = byColumn[column]
    values[column] = value instanceof DateTime ? value.toISO() : (value ?? null)
  }
  return values
}

function columnsOf(input: MemberInput) {
  return {
    fullName: input.full_name,
    fullNameNp: input.full_name_np || null,
    citizenshipNumber: input.citizenship_number,
    citizenshipIssueDistrictId: input.citizenship_issue_district_id,
    dateOfBirth: DateTime.fromJSDate(input.date_of_birth, { zone: 'utc' }).startOf('day'),
    gender: input.gender,
    email: input.email?.toLowerCase() || null,
    phone: input.phone || null,
    landline: input.landline || null,
    panNumber: input.pan_number || null,
    provinceId: input.province_id,
    districtId: input.district_id,
    localLevelId: input.local_level_id,
    wardNumber: input.ward_number,
    permanentAddress: input.permanent_address || null,
    membershipType: input.membership_type,
  }
}

const tenantDb = () => db.connection(tenantContext.connectionName('changing members'))

/**
 * Adds a member with the party's next membership id (`M-000001`, from the
 * party's own sequence); the member row and its audit row commit together.
 */
export async function storeMember(input: MemberInput, actor: AuditActor) {
  return tenantDb().transaction(async (trx) => {
    const next = await trx.rawQuery(`select nextval('members_membership_number_seq') as n`)
    const member = new Member()
    member.useTransaction(trx)
    member.merge({
      ...columnsOf(input),
      membershipId: formatMembershipId(next.rows[0].n),
      isActive: input.is_active ?? true,
    })
    await member.save()
    await member.refresh()
    await recordAudit(trx, actor, {
      action: 'created',
      auditableType: 'members',
      auditableId: member.id,
      newValues: auditedValues(member),
    })
    return member
  })
}

/**
 * Saves changes to a member; the audit row holds only what changed.
 */
export async function updateMember(member: Member, input: MemberInput, actor: AuditActor) {
  return tenantDb().transaction(async (trx) => {
    const before = auditedValues(member)
    member.useTransaction(trx)
    member.merge({ ...columnsOf(input), isActive: input.is_active ?? false })
    await member.save()
    await member.refresh()
    const { oldValues, newValues } = changedValues(before, auditedValues(member))
    if (Object.keys(newValues).length > 0) {
      await recordAudit(trx, actor, {
        action: 'updated',
        auditableType: 'members',
        auditableId: member.id,
        oldValues,
        newValues,
      })
    }
    return member
  })
}

/**
 * Soft-deletes a member (`deleted_at`): the row stays for history and can
 * be restored; the citizenship number is free again meanwhile.
 */
export async function deleteMember(member: Member, actor: AuditActor) {
  return tenantDb().transaction(async (trx) => {
    member.useTransaction(trx)
    member.deletedAt = DateTime.now()
    await member.save()
    await recordAudit(trx, actor, {
      action: 'deleted',
      auditableType: 'members',
      auditableId: member.id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: member.deletedAt.toISO() },
    })
    return member
  })
}

/**
 * Brings a soft-deleted member back into the register. Fails with the
 * database's unique violation when someone else now holds the citizenship
 * number.
 */
export async function restoreMember(member: Member, actor: AuditActor) {
  return tenantDb().transaction(async (trx) => {
    const deletedAt = member.deletedAt?.toISO() ?? null
    member.useTransaction(trx)
    member.deletedAt = null
    await member.save()
    await recordAudit(trx, actor, {
      action: 'restored',
      auditableType: 'members',
      auditableId: member.id,
      oldValues: { deleted_at: deletedAt },
      newValues: { deleted_at: null },
    })
    return member
  })
}
