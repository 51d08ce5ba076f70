import { BaseSeeder } from '@adonisjs/lucid/seeders'
import emitter from '@adonisjs/core/services/emitter'
import tenancy from '#tenancy/services/tenancy'
import {
  ensureFirstAdmin,
  prepareFirstAdminPassword,
  type PreparedPassword,
} from '#actions/staff/ensure_first_admin'

/**
 * Gives a new party its first admin. The generated password exists only
 * in the `party:first_admin_created` event, which the provisioning command
 * prints once; a party that has an admin is left alone.
 */
export default class FirstAdminSeeder extends BaseSeeder {
  /** The password hash is made while the party's database is being created. */
  static prepare = prepareFirstAdminPassword
  /** A random password whatever the party: one is hashed ahead for the next party. */
  static prepareAhead = true
  declare prepared?: PreparedPassword

  async run() {
    const credentials = await ensureFirstAdmin(this.prepared)
    if (!credentials) return
    await emitter.emit('party:first_admin_created', {
      tenant: tenancy.currentOrFail(),
      ...credentials,
    })
  }
}
