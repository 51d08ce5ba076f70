import { test } from '@japa/runner'
import Tenant from '#models/landlord/tenant'
import StaffUser from '#models/party/staff_user'
import tenancy from '#tenancy/services/tenancy'
import { runAce } from '#tests/helpers/ace'
import { decimalToPaisa } from '#party/donations/donation_amount'
import { dropTenant } from '#tests/helpers/tenancy'

/**
 * What npm run dev prepares: the demo party with sample members and a
 * staff sign-in printed on every run.
 */
test.group('demo:seed', (group) => {
  group.setup(async () => dropTenant(await Tenant.findBy('slug', 'demo-party')))
  group.teardown(async () => dropTenant(await Tenant.findBy('slug', 'demo-party')))

  test('provisions the demo party with sample members and prints a working staff login', async ({
    assert,
  }) => {
    const first = await runAce(['demo:seed'])
    assert.equal(first.exitCode, 0, first.stdout + first.stderr)
    const again = await runAce(['demo:seed'])
    assert.equal(again.exitCode, 0, again.stdout + again.stderr)

    const tenant = await Tenant.findByOrFail('slug', 'demo-party')
    const credentials = (stdout: string) => ({
      email: /^Email: (\S+)$/m.exec(stdout)?.[1],
      password: /^Password: (\S+)$/m.exec(stdout)?.[1],
    })
    const before = credentials(first.stdout)
    const after = credentials(again.stdout)
    assert.equal(after.email, `admin@demo-party.${process.env.TENANT_ROOT_DOMAIN}`)
    assert.notEqual(after.password, before.password, 'a fresh password on every run')

    await tenancy.run(tenant, async () => {
      const admin = await StaffUser.verifyCredentials(after.email!, after.password!)
      assert.equal(admin.role, 'admin')
      const provinces = await tenancy
        .db()
        .from('members')
        .groupBy('province_id')
        .select('province_id')
        .count('* as total')
      assert.lengthOf(provinces, 7, 'members in every province')
      const total = provinces.reduce((sum, row) => sum + Number(row.total), 0)
      assert.equal(total, 300, 'added once, not on every run')

      const donations = await tenancy
        .db()
        .from('donations')
        .select(
          tenancy.db().raw('count(*)::int as total'),
          tenancy.db().raw('count(*) filter (where split_suspected)::int as flagged'),
          tenancy.db().raw('count(*) filter (where verified_at is not null)::int as verified')
        )
        .first()
      assert.deepEqual(donations, { total: 10, flagged: 1, verified: 4 }, 'sample donations, once')
      const campaigns = await tenancy.db().from('election_campaigns').select('id')
      assert.lengthOf(campaigns, 1, 'the sample campaign, added once')
      const candidates = await tenancy.db().from('candidates').count('* as total')
      assert.equal(Number(candidates[0].total), 7)
      const ceilings = await tenancy.db().from('spending_ceilings').count('* as total')
      assert.isAbove(Number(ceilings[0].total), 10)
      const active = async (table: string) => {
        const row = await tenancy.db().from(table).where('is_active', true).count('* as n').first()
        return Number(row?.n)
      }
      assert.equal(await active('central_committees'), 1)
      assert.equal(await active('provincial_committees'), 7)
      assert.isAbove(await active('district_committees'), 7)
      assert.isAbove(await active('ward_committees'), 2)
      const seats = await tenancy
        .db()
        .from('committee_members')
        .groupBy('committee_type')
        .select('committee_type')
        .count('* as total')
      assert.sameMembers(
        seats.map((row) => row.committee_type),
        ['central', 'provincial', 'district', 'local_level', 'ward'],
        'members seated at every level, once'
      )
      const [{ total: centralSeats }] = await tenancy
        .db()
        .from('committee_members')
        .where('committee_type', 'central')
        .count('* as total')
      assert.equal(
        Number(centralSeats),
        8 + 16 + 1,
        'earlier committee, current one, a replacement'
      )
      // A year of books and the last fiscal year's report, also added once.
      const [books] = await tenancy
        .db()
        .rawQuery(
          `select (select count(*)::int from expenditures) as spent,
                  (select count(*)::int from income_entries) as received,
                  (select count(distinct fiscal_year)::int from expenditures) as years`
        )
        .then((result) => result.rows)
      assert.isAbove(books.spent, 60)
      assert.isAbove(books.received, 24)
      assert.equal(books.years, 2)
      const reports = await tenancy.db().from('financial_reports').select('*')
      assert.lengthOf(reports, 1)
      assert.equal(reports[0].period, 'annual')
      assert.isAbove(Number(reports[0].total_expenditure), 0)
      assert.equal(
        BigInt(reports[0].closing_balance_paisa),
        BigInt(reports[0].opening_balance_paisa) +
          BigInt(decimalToPaisa(reports[0].total_income)) -
          BigInt(decimalToPaisa(reports[0].total_expenditure))
      )
    })
  })

  test('a demo party whose role password no longer decrypts (a new APP_KEY) gets a new one', async ({
    assert,
  }) => {
    const made = await runAce(['demo:seed'])
    assert.equal(made.exitCode, 0, made.stdout + made.stderr)
    const tenant = await Tenant.findByOrFail('slug', 'demo-party')
    // What another APP_KEY's ciphertext looks like to this one.
    await Tenant.query().where('id', tenant.id).update({ db_password: 'not-ours' })

    const again = await runAce(['demo:seed'])
    assert.equal(again.exitCode, 0, again.stdout + again.stderr)
    assert.include(again.stdout + again.stderr, 'new password for role')
    await tenant.refresh()
    assert.isString(tenant.dbPassword)
    assert.match(again.stdout, /^Password: \S+$/m)
  })
})
