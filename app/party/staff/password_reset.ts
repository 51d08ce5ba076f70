import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import StaffUser from '#models/party/staff_user'
import { tenantContext } from '#tenancy/tenant_context'
import { recordAudit, type AuditActor } from '#party/audit/audit_trail'

/** How long a password-reset link works. */
export const PASSWORD_RESET_TTL_MINUTES = 60

/** What the `password_reset_tokens` table stores of a token: its SHA-256, hex. */
export function hashResetToken(token: string) {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Tokens are 32 random bytes, base64url: 43 characters. Anything else is never looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

const tenantDb = () => db.connection(tenantContext.connectionName('resetting a password'))

/**
 * Starts a password reset for the active staff account with this email
 * (case-insensitive) in the current party: stores the hash of a new token
 * valid for PASSWORD_RESET_TTL_MINUTES (earlier unused tokens of the account
 * stop working) and audits the request. Returns the account and the token
 * to e-mail, or null when the party has no active account with that email.
 */
export async function requestPasswordReset(email: string, actor: AuditActor) {
  const user = await StaffUser.query()
    .whereRaw('lower(email) = lower(?)', [email])
    .where('is_active', true)
    .first()
  if (!user) return null
  const token = randomBytes(32).toString('base64url')
  const now = DateTime.now()
  const expiresAt = now.plus({ minutes: PASSWORD_RESET_TTL_MINUTES })
  await tenantDb().transaction(async (trx) => {
    await trx.from('password_reset_tokens').where('user_id', user.id).whereNull('used_at').delete()
    await trx.table('password_reset_tokens').insert({
      user_id: user.id,
      token_hash: hashResetToken(token),
      expires_at: expiresAt.toJSDate(),
      created_at: now.toJSDate(),
    })
    // Whoever asked is anonymous: the audit row names the account, not an actor.
    await recordAudit(trx, actor, {
      action: 'password_reset_requested',
      auditableType: 'users',
      auditableId: user.id,
      newValues: { expires_at: expiresAt.toISO() },
    })
  })
  return { user, token, expiresAt }
}

/**
 * The unused, unexpired token row matching `token` in the current party
 * whose account is still active, locked for update inside `trx`; null
 * otherwise (a malformed, unknown, used or expired token, or another
 * party's: each party's tokens live in its own database).
 */
async function usableToken(token: unknown, client: TransactionClientContract) {
  if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return null
  const row = await client
    .from('password_reset_tokens')
    .join('users', 'users.id', 'password_reset_tokens.user_id')
    .where('password_reset_tokens.token_hash', hashResetToken(token))
    .whereNull('password_reset_tokens.used_at')
    .where('password_reset_tokens.expires_at', '>', new Date())
    .where('users.is_active', true)
    .forUpdate('password_reset_tokens')
    .select('password_reset_tokens.id', 'password_reset_tokens.user_id')
    .first()
  return (row as { id: number; user_id: number } | null) ?? null
}

/**
 * Whether `token` would reset a password right now (the reset form is shown).
 */
export async function isUsableResetToken(token: unknown) {
  return tenantDb().transaction(async (trx) => (await usableToken(token, trx)) !== null)
}

/**
 * Sets a new password with a reset token, once: the token is marked used
 * and every other unused token of the account dropped, the account's
 * remember-me tokens are deleted, and its existing sessions stop working
 * (the staff session id carries a fingerprint of the password hash, see
 * StaffUserProvider). Audited. Returns the account, or null when the token
 * is not usable.
 */
export async function resetPassword(token: unknown, password: string, actor: AuditActor) {
  return tenantDb().transaction(async (trx) => {
    const row = await usableToken(token, trx)
    if (!row) return null
    const user = await StaffUser.query({ client: trx }).where('id', row.user_id).firstOrFail()
    user.password = password
    await user.save()
    const now = new Date()
    await trx.from('password_reset_tokens').where('id', row.id).update({ used_at: now })
    await trx.from('password_reset_tokens').where('user_id', user.id).whereNull('used_at').delete()
    await trx.from('remember_me_tokens').where('tokenable_id', user.id).delete()
    await recordAudit(
      trx,
      { ...actor, userId: actor.userId ?? user.id },
      {
        action: 'password_reset',
        auditableType: 'users',
        auditableId: user.id,
        newValues: { password: 'changed' },
      }
    )
    return user
  })
}
