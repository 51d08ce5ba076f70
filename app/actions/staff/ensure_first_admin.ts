import tenancyConfig from '#config/tenancy'
import StaffUser from '#models/party/staff_user'
import { generatePassword } from '#actions/staff/invite_staff'
import { tenantContext } from '#tenancy/tenant_context'

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
export async function ensureFirstAdmin(): Promise<StaffCredentials | null> {
  const { tenant } = tenantContext.currentOrFail('creating the first party admin')
  const existing = await StaffUser.query().where('role', 'admin').first()
  if (existing) return null
  const credentials = { email: firstAdminEmail(tenant.slug), password: generatePassword() }
  await StaffUser.create({
    fullName: 'Party administrator',
    fullNameNp: 'दलको प्रशासक',
    email: credentials.email,
    password: credentials.password,
    role: 'admin',
    locale: 'ne',
    isActive: true,
  })
  return credentials
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
