import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import StaffUser from '#models/party/staff_user'
import { tenantContext } from '#tenancy/tenant_context'
import { recordAudit, type AuditActor } from '#party/audit/audit_trail'
import type { StaffRole } from '#party/staff/staff_roles'

export interface InviteStaffInput {
  fullName: string
  fullNameNp?: string | null
  email: string
  role: StaffRole
  locale?: 'en' | 'ne'
}

/**
 * A one-time password: 16 URL-safe characters (96 random bits), shown once.
 */
export function generatePassword() {
  return randomBytes(12).toString('base64url')
}

/**
 * Creates a staff account in the current party with a generated password,
 * returned once for the inviting admin to hand over; audited.
 */
export async function inviteStaff(input: InviteStaffInput, actor: AuditActor) {
  const password = generatePassword()
  const user = await db
    .connection(tenantContext.connectionName('inviting staff'))
    .transaction(async (trx) => {
      const created = await StaffUser.create(
        {
          fullName: input.fullName,
          fullNameNp: input.fullNameNp || null,
          email: input.email.toLowerCase(),
          password,
          role: input.role,
          locale: input.locale ?? 'ne',
          isActive: true,
        },
        { client: trx }
      )
      await recordAudit(trx, actor, {
        action: 'created',
        auditableType: 'users',
        auditableId: created.id,
        newValues: { full_name: created.fullName, email: created.email, role: created.role },
      })
      return created
    })
  return { user, password }
}

/**
 * Deactivates a staff account: it can no longer sign in, and a session it
 * holds ends at its next request (the staff guard finds active users only).
 */
export async function deactivateStaff(user: StaffUser, actor: AuditActor) {
  if (!user.isActive) return user
  await db
    .connection(tenantContext.connectionName('deactivating staff'))
    .transaction(async (trx) => {
      user.useTransaction(trx)
      user.isActive = false
      await user.save()
      await recordAudit(trx, actor, {
        action: 'deactivated',
        auditableType: 'users',
        auditableId: user.id,
        oldValues: { is_active: true },
        newValues: { is_active: false },
      })
    })
  return user
}
