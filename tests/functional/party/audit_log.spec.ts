import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { recordAudit } from '#party/audit/audit_trail'
import { auditDiff } from '#party/audit/list_audit_logs'
import { dropTenant } from '#tests/helpers/tenancy'
import { type makeStaff, signedInStaff } from '#tests/helpers/portal'

/** Staff with distinct names, so the log's person filter tells them apart. */
function signedIn(tenant: Tenant, role: Parameters<typeof makeStaff>[1]) {
  return signedInStaff(tenant, role, { fullName: `Test ${role} ${randomBytes(2).toString('hex')}` })
}

/** The ids of the entries listed on a page of the audit log, in order. */
const listedIds = (html: string) =>
  [...html.matchAll(/data-test="audit-(\d+)"/g)].map((match) => Number(match[1]))

/**
 * The audit log page: filters, keyset pages, the old/new diff, who may read
 * it, and that nothing (no route, no SQL) changes or deletes an entry.
 */
test.group('Audit log page', (group) => {
  const suffix = randomBytes(3).toString('hex')
  let party: Tenant
  let other: Tenant
  let admin: Awaited<ReturnType<typeof signedIn>>
  let treasurer: Awaited<ReturnType<typeof signedIn>>
  const sql = (query: string, bindings: any[] = [], tenant = party) =>
    tenancy.run(tenant, async () => {
      const result = await tenancy.db().rawQuery(query, bindings)
      return result.rows
    })

  group.setup(async () => {
    party = await createTenant({
      slug: `aud-a-${suffix}`,
      name: 'Unity Party',
      template: 'political_party_nepal',
    })
    other = await createTenant({
      slug: `aud-b-${suffix}`,
      name: 'Progress Party',
      template: 'political_party_nepal',
    })
    await Promise.all([provisioner.provision(party), provisioner.provision(other)])
    admin = await signedIn(party, 'admin')
    treasurer = await signedIn(party, 'treasurer')
  })

  group.teardown(async () => {
    await dropTenant(party)
    await dropTenant(other)
  })

  test('an edit shows old beside new; filters by person, module and action', async ({ assert }) => {
    const saved = await treasurer.agent.post(
      '/expenditures',
      {
        category: 'office_rent',
        amount: '15000',
        payee_name: 'Shree Ganesh Properties',
        voucher_number: 'V-1',
        payment_method: 'cash',
        date: '2083-05-10',
      },
      { from: '/expenditures/new' }
    )
    assert.equal(saved.status, 302)
    const [row] = await sql('select id from expenditures')
    await treasurer.agent.post(
      `/expenditures/${row.id}?_method=PUT`,
      {
        category: 'office_rent',
        amount: '16000',
        payee_name: 'श्री गणेश प्रोपर्टिज',
        voucher_number: 'V-1',
        payment_method: 'cash',
        date: '2083-05-10',
      },
      { from: `/expenditures/${row.id}/edit` }
    )
    const [update] = await sql(
      `select id from audit_logs where auditable_type = 'expenditures' and action = 'updated'`
    )

    const list = await admin.agent.get(
      `/audit-log?module=expenditures&user_id=${treasurer.user.id}`
    )
    assert.equal(list.status, 200)
    assert.equal(listedIds(list.text).length, 2, 'created and updated')
    assert.include(list.text, treasurer.user.fullName)
    const onlyUpdates = await admin.agent.textOf('/audit-log?action=updated&module=expenditures')
    assert.deepEqual(listedIds(onlyUpdates), [Number(update.id)])
    const byAdmin = await admin.agent.textOf(
      `/audit-log?module=expenditures&user_id=${admin.user.id}`
    )
    assert.include(byAdmin, 'No entries for these filters.')

    const detail = await admin.agent.get(`/audit-log/${update.id}`)
    assert.equal(detail.status, 200)
    assert.match(
      detail.text,
      /data-test="diff-amount_paisa"[\s\S]*?diff__old">1500000 \(Rs 15,000\)<[\s\S]*?diff__new">1600000 \(Rs 16,000\)</
    )
    assert.match(
      detail.text,
      /data-test="diff-payee_name"[\s\S]*?Shree Ganesh Properties[\s\S]*?श्री गणेश प्रोपर्टिज/
    )
    assert.include(detail.text, 'the log is append-only')

    await admin.agent.switchLocale('ne')
    const nepali = await admin.agent.textOf(`/audit-log/${update.id}`)
    await admin.agent.switchLocale('en')
    assert.include(nepali, 'पुरानो मान')
    assert.include(nepali, 'परिवर्तन गरियो')
  })

  test('the diff marks what changed, and what was only added or removed', ({ assert }) => {
    assert.deepEqual(auditDiff({ a: 1, b: 'x' }, { a: 2, b: 'x', c: null }), [
      { field: 'a', old: '1', new: '2', changed: true },
      { field: 'b', old: 'x', new: 'x', changed: false },
      { field: 'c', old: null, new: 'null', changed: true },
    ])
    assert.deepEqual(auditDiff(null, { amount: 5 }), [
      { field: 'amount', old: null, new: '5', changed: true },
    ])
    assert.deepEqual(auditDiff({ gone: true }, null), [
      { field: 'gone', old: 'true', new: null, changed: true },
    ])
  })

  test('pages walk a big log by id, newest first, without skipping or repeating', async ({
    assert,
  }) => {
    await sql(
      `insert into audit_logs (user_id, action, auditable_type, auditable_id, new_values)
       select ?, 'exported', 'members', n, jsonb_build_object('rows', n) from generate_series(1, 130) n`,
      [admin.user.id]
    )
    const seen: number[] = []
    let path = '/audit-log?action=exported&module=members'
    for (let page = 0; page < 5; page++) {
      const html = await admin.agent.textOf(path)
      seen.push(...listedIds(html))
      const next = /href="([^"]+)" rel="next"/.exec(html)?.[1]
      if (!next) break
      path = next.replaceAll('&amp;', '&')
    }
    assert.lengthOf(seen, 130)
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => b - a),
      'newest first'
    )
    assert.lengthOf(new Set(seen), 130)
    assert.match(path, /before=\d+/)

    // The keyset query walks the (action, id) index, not the whole table.
    const plan = await sql(
      `explain select id from audit_logs where action = 'exported' and id < 1000000 order by id desc limit 51`
    )
    const text = plan.map((line: Record<string, string>) => Object.values(line)[0]).join('\n')
    assert.match(text, /Index/)
  })

  test('day filters are Nepal days', async ({ assert }) => {
    // 18:20 UTC on 16 Jul 2026 is already 17 Jul (00:05) in Kathmandu.
    const [late] = await sql(
      `insert into audit_logs (action, auditable_type, created_at)
       values ('login', 'users', '2026-07-16T18:20:00Z') returning id`
    )
    const on17 = await admin.agent.textOf('/audit-log?action=login&from=2026-07-17&to=2026-07-17')
    assert.include(listedIds(on17), Number(late.id))
    const on16 = await admin.agent.textOf('/audit-log?action=login&from=2026-07-16&to=2026-07-16')
    assert.notInclude(listedIds(on16), Number(late.id))
    // Nonsense filters are ignored, not errors.
    const hostile = await admin.agent.get(
      `/audit-log?from=NaN&to=2083-13-45&user_id=-1&before=abc&module=${encodeURIComponent("'; drop table audit_logs; --")}`
    )
    assert.equal(hostile.status, 200)
    assert.include(hostile.text, 'No entries for these filters.')
  })

  test('only admins and secretaries read it; no route and no SQL edits or deletes it', async ({
    assert,
  }) => {
    const secretary = await signedIn(party, 'secretary')
    const viewer = await signedIn(party, 'viewer')
    const [entry] = await sql('select * from audit_logs order by id limit 1')
    assert.equal(await secretary.agent.statusOf('/audit-log'), 200)
    assert.equal(await treasurer.agent.statusOf('/audit-log'), 403)
    const refused = await viewer.agent.get(`/audit-log/${entry.id}`)
    assert.equal(refused.status, 403)
    assert.include(refused.text, 'You do not have permission to do that.')
    assert.notInclude(await viewer.agent.textOf('/dashboard'), 'href="/audit-log"')
    assert.include(await admin.agent.textOf('/dashboard'), 'href="/audit-log"')

    for (const [method, path] of [
      ['PUT', `/audit-log/${entry.id}`],
      ['DELETE', `/audit-log/${entry.id}`],
      ['POST', `/audit-log/${entry.id}`],
      ['POST', '/audit-log'],
      ['GET', `/audit-log/${entry.id}/edit`],
    ]) {
      const response =
        method === 'GET'
          ? await admin.agent.get(path)
          : await admin.agent.post(`${path}?_method=${method}`, { action: 'tampered' })
      assert.equal(response.status, 404, `${method} ${path}`)
    }
    const [after] = await sql('select * from audit_logs where id = ?', [entry.id])
    assert.deepEqual(after, entry)

    await assert.rejects(
      () => sql(`update audit_logs set action = 'tampered' where id = ?`, [entry.id]),
      /audit_logs is append-only: UPDATE is not allowed/
    )
    await assert.rejects(
      () => sql('delete from audit_logs where id = ?', [entry.id]),
      /audit_logs is append-only: DELETE is not allowed/
    )
    await assert.rejects(() => sql('truncate audit_logs'), /append-only: TRUNCATE/)
  })

  test('one party’s log is never shown on another party’s host', async ({ assert }) => {
    const stranger = await signedIn(other, 'admin')
    const [mine] = await sql(`select max(id)::int as id from audit_logs`)
    const [theirs] = await sql(`select max(id)::int as id from audit_logs`, [], other)
    assert.isBelow(theirs.id, mine.id)
    assert.equal(await stranger.agent.statusOf(`/audit-log/${mine.id}`), 404)
    const list = await stranger.agent.textOf('/audit-log')
    assert.notInclude(list, 'Shree Ganesh Properties')
    assert.notInclude(list, treasurer.user.fullName)
    await tenancy.run(other, () =>
      recordAudit(
        tenancy.db(),
        { userId: null, ipAddress: null, userAgent: null },
        {
          action: 'created',
          auditableType: 'members',
          auditableId: 1,
          newValues: { full_name: 'Only in the other party' },
        }
      )
    )
    const [own] = await sql(`select max(id)::int as id from audit_logs`, [], other)
    assert.include(await stranger.agent.textOf(`/audit-log/${own.id}`), 'Only in the other party')
    // The same id on the first party's host is the first party's own entry (or nothing).
    const same = await admin.agent.get(`/audit-log/${own.id}`)
    assert.notInclude(same.text, 'Only in the other party')
  })
})
