import type { HttpContext } from '@adonisjs/core/http'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Who did something and from where, as the audit log records it.
 */
export interface AuditActor {
  userId: number | null
  ipAddress: string | null
  userAgent: string | null
}

export interface AuditEntry {
  action:
    | 'created'
    | 'updated'
    | 'deleted'
    | 'restored'
    | 'login'
    | 'logout'
    | 'deactivated'
    | 'exported'
    | 'password_reset_requested'
    | 'password_reset'
    | 'verified'
  /** The table (module) the change is about, e.g. `members`. */
  auditableType: string
  auditableId?: number | null
  oldValues?: Record<string, unknown> | null
  newValues?: Record<string, unknown> | null
}

/**
 * The actor of an HTTP request: the signed-in staff member, the client IP
 * (as the request resolves it) and the user agent.
 */
export function auditActorOf(ctx: HttpContext): AuditActor {
  const user = ctx.auth.use('staff').user
  return {
    userId: user?.id ?? null,
    ipAddress: ctx.request.ip() || null,
    userAgent: ctx.request.header('user-agent')?.slice(0, 1000) ?? null,
  }
}

/**
 * Appends one row to the party's audit log. Pass the transaction of the
 * change itself so the change and its audit row commit (or not) together.
 */
export async function recordAudit(
  client: QueryClientContract | TransactionClientContract,
  actor: AuditActor,
  entry: AuditEntry
) {
  await client.table('audit_logs').insert({
    user_id: actor.userId,
    action: entry.action,
    auditable_type: entry.auditableType,
    auditable_id: entry.auditableId ?? null,
    old_values: entry.oldValues ? JSON.stringify(entry.oldValues) : null,
    new_values: entry.newValues ? JSON.stringify(entry.newValues) : null,
    ip_address: actor.ipAddress,
    user_agent: actor.userAgent,
  })
}

/**
 * Only the fields whose values differ between two snapshots of a row, as
 * `{ old, new }` halves for the audit log.
 */
export function changedValues(before: Record<string, unknown>, after: Record<string, unknown>) {
  const oldValues: Record<string, unknown> = {}
  const newValues: Record<string, unknown> = {}
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      oldValues[key] = before[key] ?? null
      newValues[key] = after[key] ?? null
    }
  }
  return { oldValues, newValues }
}
