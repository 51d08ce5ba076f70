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
