import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { dropTenant } from '#tests/helpers/tenancy'

async function tablesOf(tenant: Tenant) {
  return tenancy.run(tenant, async () => {
    const result = await tenancy
      .db()
      .rawQuery(`select table_name from information_schema.tables where table_schema = 'public'`)
    return new Set<string>(result.rows.map((row: { table_name: string }) => row.table_name))
  })
}

async function columnsOf(tenant: Tenant, table: string) {
  return tenancy.run(tenant, async () => {
    const result = await tenancy
      .db()
      .rawQuery(
        `select column_name from information_schema.columns where table_schema = 'public' and table_name = ?`,
        [table]
      )
    return result.rows.map((row: { column_name: string }) => row.column_name) as string[]
  })
}

/**
 * Two real parties built from the political_party_nepal template: one with
 * the election_campaign module (which brings membership), one with none.
 */
test.group('political_party_nepal template', (group) => {
  let campaigner: Tenant
  let plain: Tenant

  group.setup(async () => {
    const suffix = randomBytes(3).toString('hex')
    campaigner = await createTenant({
      slug: `tpl-a-${suffix}`,
      name: 'Campaign Party',
      template: 'political_party_nepal',
      modules: ['election_campaign'],
    })
    plain = await createTenant({
      slug: `tpl-b-${suffix}`,
      name: 'Plain Party',
      template: 'political_party_nepal',
    })
    await Promise.all([provisioner.provision(campaigner), provisioner.provision(plain)])
  })

  group.teardown(async () => {
    await dropTenant(campaigner)
    await dropTenant(plain)
  })

  test('members carry citizenship number and full address', async ({ assert }) => {
    const columns = await columnsOf(plain, 'members')
    for (const column of [
      'citizenship_number',
      'citizenship_issue_district_id',
      'province_id',
      'district_id',
      'local_level_id',
      'ward_number',
      'full_name_np',
      'deleted_at',
    ]) {
      assert.include(columns, column)
    }
  })

  test('geography, finance, audit and translation tables exist', async ({ assert }) => {
    const tables = await tablesOf(plain)
    for (const table of [
      'parties',
      'provinces',
      'districts',
      'local_levels',
      'financial_reports',
      'expenditures',
      'income_entries',
      'donation_limits',
      'donations',
      'audit_logs',
      'translations',
      'committee_members',
    ]) {
      assert.isTrue(tables.has(table), `${table} exists`)
    }
    const donations = await columnsOf(plain, 'donations')
    for (const column of [
      'is_above_limit',
      'ec_reference_number',
      'fiscal_year',
      'donor_pan',
      'receipt_number',
    ]) {
      assert.include(donations, column)
    }
    const parties = await columnsOf(plain, 'parties')
    assert.includeMembers(parties, ['name_translations', 'description_translations'])
  })

  test('committees link ward → local level → district → province → central', async ({ assert }) => {
    assert.includeMembers(await columnsOf(plain, 'provincial_committees'), ['central_committee_id'])
    assert.includeMembers(await columnsOf(plain, 'district_committees'), [
      'provincial_committee_id',
    ])
    assert.includeMembers(await columnsOf(plain, 'local_level_committees'), [
      'district_committee_id',
    ])
    assert.includeMembers(await columnsOf(plain, 'ward_committees'), [
      'local_level_committee_id',
      'district_committee_id',
      'provincial_committee_id',
      'central_committee_id',
      'ward_number',
    ])
  })

  test('provisioning loads 7 provinces, 77 districts, 753 local levels and 6,743 wards', async ({
    assert,
  }) => {
    const counts = await tenancy.run(plain, async () => {
      const result = await tenancy.db().rawQuery(
        `select (select count(*)::int from provinces) as provinces,
                (select count(*)::int from districts) as districts,
                (select count(*)::int from local_levels) as local_levels,
                (select sum(ward_count)::int from local_levels) as wards,
                (select name_np from provinces where id = 1) as koshi`
      )
      return result.rows[0]
    })
    assert.deepEqual(
      { ...counts },
      { provinces: 7, districts: 77, local_levels: 753, wards: 6743, koshi: 'कोशी' }
    )
  })

  test('module tables exist only where the module was selected', async ({ assert }) => {
    const withModules = await tablesOf(campaigner)
    const without = await tablesOf(plain)
    for (const table of [
      'election_campaigns',
      'candidates',
      'polling_centres',
      'polling_stations',
      'campaign_events',
      'election_results',
      'membership_cards',
    ]) {
      assert.isTrue(withModules.has(table), `${table} in the campaigning party`)
      assert.isFalse(without.has(table), `${table} not in the plain party`)
    }
    assert.isFalse(withModules.has('social_media_accounts'))
    assert.isFalse(withModules.has('budgets'))
  })

  test('the audit log refuses UPDATE and DELETE', async ({ assert }) => {
    await tenancy.run(plain, async () => {
      const client = tenancy.db()
      await client.table('audit_logs').insert({
        action: 'member.created',
        auditable_type: 'member',
        auditable_id: 1,
        new_values: JSON.stringify({ full_name: 'Sita' }),
      })
      await assert.rejects(
        () => client.from('audit_logs').update({ action: 'tampered' }),
        /append-only/
      )
      await assert.rejects(() => client.from('audit_logs').delete(), /append-only/)
      const rows = await client.from('audit_logs').select('action')
      assert.deepEqual(rows, [{ action: 'member.created' }])
    })
  })

  test('the database refuses a ward that does not exist in the local level', async ({ assert }) => {
    await tenancy.run(plain, async () => {
      const member = {
        membership_id: 'M-0001',
        full_name: 'Ram Thapa',
        citizenship_number: '27-01-74-05678',
        citizenship_issue_district_id: 27,
        gender: 'male',
        province_id: 3,
        district_id: 27,
        local_level_id: 307,
        membership_type: 'general',
        membership_date: '2026-11-28',
        permanent_address: 'Kathmandu',
      }
      await assert.rejects(
        () =>
          tenancy
            .db()
            .table('members')
            .insert({ ...member, ward_number: 33 }),
        /ward/
      )
      await tenancy
        .db()
        .table('members')
        .insert({ ...member, ward_number: 32 })
      const [{ count }] = await tenancy.db().from('members').count('* as count')
      assert.equal(Number(count), 1)
    })
  })

  test('each party database holds only its own members', async ({ assert }) => {
    const campaignerMembers = await tenancy.run(campaigner, () =>
      tenancy.db().from('members').count('* as count')
    )
    assert.equal(Number(campaignerMembers[0].count), 0)
  })
})
