import hash from '@adonisjs/core/services/hash'
import tenancyConfig from '#config/tenancy'
import StaffUser from '#models/party/staff_user'
import { generatePassword } from '#actions/staff/invite_staff'
import { tenantContext } from '#tenancy/tenant_context'
import tenancy from '#tenancy/services/tenancy'

/** A generated password and its hash, made before the party's database exists. */
export interface PreparedPassword {
  password: string
  hash: string
}

/**
 * A new password and its scrypt hash (the staff hasher), ~40 ms of CPU:
 * provisioning starts it while the party's database is being created.
 */
export async function prepareFirstAdminPassword(): Promise<PreparedPassword> {
  const password = generatePassword()
  return { password, hash: await hash.use('scrypt').make(password) }
}

export interface StaffCredentials {
  email: string
  password: string
}

/**
 * Address of a party's first admin: `admin@<slug>.<root domain>`.
 */
export function firstAdminEmail(slug: string) {
  return `admin@${slug}.${tenancyConfig.rootDomain}`
}

/**
 * Gives the current party its first admin when it has no admin yet, with
 * a generated password: the credentials are returned this once (nothing
 * else keeps the password). Returns null when an admin exists.
 */
export async function ensureFirstAdmin(
  prepared?: PreparedPassword
): Promise<StaffCredentials | null> {
  const { tenant } = tenantContext.currentOrFail('creating the first party admin')
  const existing = await StaffUser.query().where('role', 'admin').first()
  if (existing) return null
  const email = firstAdminEmail(tenant.slug)
  const fields = {
    fullName: 'Party administrator',
    fullNameNp: 'दलको प्रशासक',
    email,
    role: 'admin' as const,
    locale: 'ne',
    isActive: true,
  }
  if (!prepared) {
    const password = generatePassword()
    await StaffUser.create({ ...fields, password })
    return { email, password }
  }
  // Hashed already: inserted as it is (the model would hash the hash again).
  const now = new Date()
  await tenancy.db().insertQuery().table(StaffUser.table).insert({
    full_name: fields.fullName,
    full_name_np: fields.fullNameNp,
    email,
    password: prepared.hash,
    role: fields.role,
    locale: fields.locale,
    is_active: fields.isActive,
    created_at: now,
    updated_at: now,
  })
  return { email, password: prepared.password }
}

/**
 * Sets a new generated password on the party's first admin (re-activating
 * the account) and returns the credentials once: the operator's way back
 * in for a party that lost its admin password.
 */
export async function resetFirstAdminPassword(): Promise<StaffCredentials> {
  const { tenant } = tenantContext.currentOrFail('resetting the party admin password')
  const email = firstAdminEmail(tenant.slug)
  const password = generatePassword()
  const admin = await StaffUser.query().whereRaw('lower(email) = ?', [email]).first()
  if (admin) {
    admin.merge({ password, isActive: true, role: 'admin' })
    await admin.save()
  } else {
    await StaffUser.create({
      fullName: 'Party administrator',
      fullNameNp: 'दलको प्रशासक',
      email,
      password,
      role: 'admin',
      locale: 'ne',
      isActive: true,
    })
  }
  return { email, password }
}
