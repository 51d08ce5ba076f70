import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { donationPageQuery, type DonationFilters } from '#party/donations/list_donations'
import { dropTenant } from '#tests/helpers/tenancy'
import { makeStaff, PortalAgent, portalHost } from '#tests/helpers/portal'

const BULK = 100_000

/** Names of the indexes PostgreSQL's plan for one page of the list uses. */
async function indexesUsed(tenant: Tenant, filters: DonationFilters) {
  return tenancy.run(tenant, async () => {
    const { sql, bindings } = donationPageQuery(filters).toSQL()
    const result = await tenancy.db().rawQuery(`explain (format json) ${sql}`, bindings as any[])
    const plan = JSON.stringify(result.rows[0]['QUERY PLAN'])
    assert(!plan.includes('"Node Type":"Sort"'), `a page must not sort the filter: ${plan}`)
    return [...plan.matchAll(/"Index Name":"([^"]+)"/g)].map((match) => match[1])
  })
}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

/**
 * The donations list at 100,000 donations: each filter's page is read from
 * an index in list order (no sort of the whole filter), deep pages included.
 */
test.group('Donations: list at scale', (group) => {
  let party: Tenant
  let treasurer: PortalAgent

  group.setup(async () => {
    party = await createTenant({
      slug: `don-scale-${randomBytes(3).toString('hex')}`,
      name: 'Big Party',
      template: 'political_party_nepal',
    })
    await provisioner.provision(party)
    const { user, email, password } = await makeStaff(party, 'treasurer')
    treasurer = new PortalAgent(portalHost(party))
    await treasurer.login(email, password)
    await tenancy.run(party, async () => {
      const db = tenancy.db()
      await db.table('donation_limits').insert({
        fiscal_year: '2082/83',
        cash_limit: '25000.00',
        disclosure_threshold: '25000.00',
      })
      // Two fiscal years, 2% flagged, 10% not verified.
      await db.rawQuery(
        `insert into donations (fiscal_year, donor_type, donor_name, donor_citizenship_number,
           amount, payment_method, receipt_number, received_on_bs, received_on,
           split_suspected, verified_at, verified_by)
         select case when g % 2 = 0 then '2083/84' else '2082/83' end, 'individual',
           'Bulk Donor ' || g, 'BULK-' || g, 1000 + g % 997, 'cash', 'BULK-' || g,
           case when g % 2 = 0 then '2083-0' else '2082-0' end || (4 + g % 5) || '-' || lpad((1 + g % 28)::text, 2, '0'),
           case when g % 2 = 0 then date '2026-07-17' else date '2025-07-17' end + (g % 130),
           g % 50 = 0, case when g % 10 = 0 then null else now() end,
           case when g % 10 = 0 then null else ?::integer end
         from generate_series(1, ?) g`,
        [user.id, BULK]
      )
      await db.rawQuery('analyze donations')
    })
  })

  group.teardown(async () => {
    await dropTenant(party)
  })

  test('every filter reads its page from an index, in list order', async ({ assert: check }) => {
    const cursor = '2026-09-01.50000'
    const cases: Array<[DonationFilters, string]> = [
      [{}, 'donations_list_index'],
      [{ after: cursor }, 'donations_list_index'],
      [{ fiscal_year: '2083/84' }, 'donations_fiscal_year_list_index'],
      [{ fiscal_year: '2083/84', after: cursor }, 'donations_fiscal_year_list_index'],
      [{ flagged: '1' }, 'donations_split_suspected_list_index'],
      [{ flagged: '1', after: cursor }, 'donations_split_suspected_list_index'],
      [{ unverified: '1' }, 'donations_unverified_list_index'],
    ]
    for (const [filters, index] of cases) {
      check.include(await indexesUsed(party, filters), index, JSON.stringify(filters))
    }
  })

  test('a deep page over HTTP lists the next 25 in order, with the totals of the filter', async ({
    assert: check,
  }) => {
    const started = performance.now()
    const html = await treasurer.textOf('/donations?fiscal_year=2083/84&after=2026-09-01.50000')
    const elapsed = performance.now() - started
    const rows = [...html.matchAll(/Bulk Donor (\d+)/g)].map((match) => Number(match[1]))
    check.lengthOf(rows, 25)
    check.isTrue(
      rows.every((id) => id % 2 === 0),
      'only 2083/84'
    )
    check.include(html, 'data-test="count">50,000<')
    check.isBelow(elapsed, 3000, `page took ${Math.round(elapsed)} ms`)
  })
})
