import { randomBytes } from 'node:crypto'
import env from '#start/env'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import Admin from '#models/landlord/admin'

/**
 * The first super-admin. Its password comes from ADMIN_PASSWORD, or is
 * generated and printed once when the account is created.
 */
export default class AdminSeeder extends BaseSeeder {
  async run() {
    const email = env.get('ADMIN_EMAIL') ?? 'admin@sangathan.local'
    const existing = await Admin.findBy('email', email)
    if (existing) return

    const configured = env.get('ADMIN_PASSWORD')
    const password = configured || randomBytes(12).toString('base64url')
    await Admin.create({ fullName: 'Platform Administrator', email, password })

    if (!configured) {
      this.printOnce(email, password)
    }
  }

  protected printOnce(email: string, password: string) {
    const lines = [
      'Super-admin created. The password is shown only this once:',
      `  email:    ${email}`,
      `  password: ${password}`,
    ]
    process.stdout.write(`\n${lines.join('\n')}\n\n`)
  }
}
