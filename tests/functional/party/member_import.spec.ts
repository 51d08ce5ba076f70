import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { dropTenant } from '#tests/helpers/tenancy'
import { makeStaff, memberForm, PortalAgent, portalHost } from '#tests/helpers/portal'
import { runAce } from '#tests/helpers/ace'
import { importUploadPath, importUploadsDir } from '#party/members/import_uploads'

const HEADER =
  'membership_id,full_name,full_name_np,gender,date_of_birth,citizenship_number,citizenship_issue_district,phone,email,province,district,local_level,ward_number,permanent_address,membership_type,membership_date,is_active'

async function signedIn(tenant: Tenant, role: Parameters<typeof makeStaff>[1]) {
  const { email, password } = await makeStaff(tenant, role)
  const agent = new PortalAgent(portalHost(tenant))
  await agent.login(email, password)
  return agent
}

function membersOf(tenant: Tenant) {
  return tenancy.run(tenant, () => tenancy.db().from('members').orderBy('id').select('*'))
}

/** The token of the preview page's confirm form. */
function tokenOf(html: string) {
  return /name="token" value="([0-9a-f]+)"/.exec(html)?.[1]
}

/**
 * CSV import: preview with row-level errors, all-or-nothing unless bad rows
 * are skipped, and uploads that never cross parties.
 */
test.group('Party members: CSV import', (group) => {
  const suffix = randomBytes(3).toString('hex')
  let source: Tenant
  let target: Tenant
  let sourceClerk: PortalAgent
  let targetClerk: PortalAgent

  group.setup(async () => {
    source = await createTenant({
      slug: `csv-a-${suffix}`,
      name: 'Source Party',
      template: 'political_party_nepal',
    })
    target = await createTenant({
      slug: `csv-b-${suffix}`,
      name: 'Target Party',
      template: 'political_party_nepal',
    })
    await Promise.all([provisioner.provision(source), provisioner.provision(target)])
    sourceClerk = await signedIn(source, 'secretary')
    targetClerk = await signedIn(target, 'data_entry')
  })

  group.teardown(async () => {
    await dropTenant(source)
    await dropTenant(target)
  })

  test('an export imports into another party: Devanagari and places survive', async ({
    assert,
  }) => {
    await sourceClerk.post('/members', memberForm({ citizenship_number: '27-01-70-11' }), {
      from: '/members/new',
    })
    await sourceClerk.post(
      '/members',
      memberForm({
        full_name: 'Bishnu Maya Gurung',
        full_name_np: 'विष्णु माया गुरुङ',
        citizenship_number: '38-02-11-77',
        citizenship_issue_district_id: 38,
        province_id: 4,
        district_id: 38,
        local_level_id: 414,
        ward_number: 7,
        phone: '9856000042',
        landline: '061-521234',
        pan_number: '३०१२३४५६७',
        permanent_address: '=HYPERLINK("http://evil.example","Pokhara")',
      }),
      { from: '/members/new' }
    )
    const exported = await sourceClerk.get('/members/export')
    assert.equal(exported.status, 200)
    assert.include(
      exported.text,
      `"'=HYPERLINK(""http://evil.example"",""Pokhara"")"`,
      'a spreadsheet shows formula-like text as text'
    )
    assert.include(exported.text.split('\n')[0], ',phone,landline,pan_number,email,')

    const preview = await targetClerk.upload(
      '/members/import/preview',
      { field: 'file', filename: 'members.csv', content: exported.text },
      {},
      { from: '/members/import' }
    )
    assert.equal(preview.status, 200)
    assert.include(preview.text, '2 rows: 2 ready to import, 0 with problems.')
    assert.lengthOf(await membersOf(target), 0, 'the preview writes nothing')

    const done = await targetClerk.post('/members/import', { token: tokenOf(preview.text) })
    assert.equal(done.location, '/members')
    assert.include(await targetClerk.textOf('/members'), 'Imported 2 members; skipped 0.')
    const imported = await membersOf(target)
    assert.deepEqual(
      imported.map((m) => [
        m.membership_id,
        m.full_name_np,
        m.local_level_id,
        m.ward_number,
        m.phone,
        m.landline,
        m.pan_number,
      ]),
      [
        ['M-000001', 'सीता कुमारी श्रेष्ठ', 307, 32, '+9779841234567', null, null],
        ['M-000002', 'विष्णु माया गुरुङ', 414, 7, '+9779856000042', '+97761521234', '301234567'],
      ]
    )
    const audit = await tenancy.run(target, () =>
      tenancy.db().from('audit_logs').where('action', 'created').select('new_values')
    )
    assert.deepEqual(
      audit.map((row) => row.new_values.source),
      ['import', 'import']
    )
    assert.equal(
      imported[1].permanent_address,
      '=HYPERLINK("http://evil.example","Pokhara")',
      'the guard apostrophe is read back off'
    )
    assert.lengthOf(await membersOf(source), 2, 'the source party is untouched')
  })

  test('a file with bad rows imports nothing, unless the bad rows are skipped', async ({
    assert,
  }) => {
    const { length: before } = await membersOf(target)
    const csv = [
      HEADER,
      ',Ram Bahadur Thapa,राम बहादुर थापा,male,1980-01-02,27-01-80-1,Kathmandu,9841000001,,Bagmati,Kathmandu,Kathmandu,4,,general,,yes',
      ',Too Far Ward,,male,1980-01-02,27-01-80-2,Kathmandu,,,बागमती,काठमाडौँ,Kathmandu,40,,general,,yes',
      ',Same Number,,female,1981-01-02,27-01-80-1,Kathmandu,,,Bagmati,Kathmandu,Kathmandu,5,,general,,yes',
      ',Old Number,,female,1981-01-02,27-01-70-11,Kathmandu,,,Bagmati,Kathmandu,Kathmandu,5,,general,,yes',
    ].join('\n')

    await targetClerk.switchLocale('ne')
    const nepali = await targetClerk.upload(
      '/members/import/preview',
      { field: 'file', filename: 'm.csv', content: csv },
      {},
      { from: '/members/import' }
    )
    assert.include(nepali.text, 'यो स्थानीय तहमा वडा १ देखि ३२ सम्म मात्र छन्')
    await targetClerk.switchLocale('en')

    const preview = await targetClerk.upload(
      '/members/import/preview',
      { field: 'file', filename: 'm.csv', content: csv },
      {},
      { from: '/members/import' }
    )
    assert.include(preview.text, '4 rows: 1 ready to import, 3 with problems.')
    assert.include(preview.text, 'Line 3')
    assert.include(preview.text, 'This local level has wards 1 to 32')
    assert.match(preview.text, /Line 4[\s\S]*already exists/)
    assert.match(preview.text, /Line 5[\s\S]*already exists/)
    assert.lengthOf(
      preview.text.match(/already exists/g) ?? [],
      2,
      'in the file and in the register'
    )

    const refused = await targetClerk.post('/members/import', { token: tokenOf(preview.text) })
    assert.equal(refused.location, '/members/import')
    assert.lengthOf(await membersOf(target), before)

    const again = await targetClerk.upload(
      '/members/import/preview',
      { field: 'file', filename: 'm.csv', content: csv },
      {},
      { from: '/members/import' }
    )
    const skipped = await targetClerk.post('/members/import', {
      token: tokenOf(again.text),
      skip_invalid: '1',
    })
    assert.equal(skipped.location, '/members')
    assert.include(await targetClerk.textOf('/members'), 'Imported 1 member; skipped 3.')
    const rows = await membersOf(target)
    assert.lengthOf(rows, before + 1)
    assert.equal(rows.at(-1).full_name, 'Ram Bahadur Thapa')
  })

  test('an upload is only ever imported by the party it was uploaded to', async ({ assert }) => {
    const csv = [
      HEADER,
      ',Hari Prasad Koirala,,male,1975-05-05,27-01-75-9,Kathmandu,,,Bagmati,Kathmandu,Kathmandu,3,,general,,yes',
    ].join('\n')
    const preview = await sourceClerk.upload(
      '/members/import/preview',
      { field: 'file', filename: 'm.csv', content: csv },
      {},
      { from: '/members/import' }
    )
    const token = tokenOf(preview.text)
    assert.isString(token)

    const { length: before } = await membersOf(target)
    const crossed = await targetClerk.post(
      '/members/import',
      { token },
      { from: '/members/import' }
    )
    assert.equal(crossed.location, '/members/import')
    assert.include(
      await targetClerk.textOf('/members/import'),
      'That upload is no longer available.'
    )
    assert.lengthOf(await membersOf(target), before)
    // Refused on the other host, the upload still waits for its own party.
    assert.isTrue(existsSync(importUploadPath(source.id, token!)), 'still waiting for its party')
    assert.isFalse(existsSync(importUploadPath(target.id, token!)))

    const viewer = await signedIn(source, 'viewer')
    assert.equal(await viewer.statusOf('/members/import'), 403)
    const denied = await viewer.post('/members/import', { token }, { from: '/members' })
    assert.equal(denied.status, 302)
    const sourceMembers = await membersOf(source)
    assert.notInclude(
      sourceMembers.map((m) => m.full_name),
      'Hari Prasad Koirala'
    )

    const own = await sourceClerk.post('/members/import', { token }, { from: '/members/import' })
    assert.equal(own.location, '/members')
    const after = await membersOf(source)
    assert.include(
      after.map((m) => m.full_name),
      'Hari Prasad Koirala'
    )
    const targetAfter = await membersOf(target)
    assert.notInclude(
      targetAfter.map((m) => m.full_name),
      'Hari Prasad Koirala'
    )
  })

  test('a preview left unconfirmed expires: it cannot be imported and its file is deleted', async ({
    assert,
  }) => {
    const csv = [
      HEADER,
      ',Late Confirmer,,male,1975-05-05,27-01-75-31,Kathmandu,,,Bagmati,Kathmandu,Kathmandu,3,,general,,yes',
    ].join('\n')
    const preview = await targetClerk.upload(
      '/members/import/preview',
      { field: 'file', filename: 'm.csv', content: csv },
      {},
      { from: '/members/import' }
    )
    const token = tokenOf(preview.text)!
    const path = importUploadPath(target.id, token)
    assert.isTrue(existsSync(path), 'kept until confirmed')
    // Uploaded 2 hours and 1 minute ago.
    const then = new Date(Date.now() - 121 * 60_000)
    await utimes(path, then, then)

    const { length: before } = await membersOf(target)
    const late = await targetClerk.post('/members/import', { token }, { from: '/members/import' })
    assert.equal(late.location, '/members/import')
    assert.include(
      await targetClerk.textOf('/members/import'),
      'That upload is no longer available.'
    )
    assert.lengthOf(await membersOf(target), before)
    assert.isFalse(existsSync(path), 'the expired upload is gone')
  })

  test('a confirmed upload is gone: the same token never imports twice', async ({ assert }) => {
    const csv = [
      HEADER,
      ',Once Only,,female,1979-05-05,27-01-79-41,Kathmandu,,,Bagmati,Kathmandu,Kathmandu,3,,general,,yes',
    ].join('\n')
    const preview = await targetClerk.upload(
      '/members/import/preview',
      { field: 'file', filename: 'm.csv', content: csv },
      {},
      { from: '/members/import' }
    )
    const token = tokenOf(preview.text)!
    const [first, second] = await Promise.all([
      targetClerk.post('/members/import', { token }),
      targetClerk.post('/members/import', { token }),
    ])
    assert.sameMembers([first.location, second.location], ['/members', '/members/import'])
    const imported = await membersOf(target)
    assert.lengthOf(
      imported.filter((m) => m.full_name === 'Once Only'),
      1
    )
    assert.isFalse(existsSync(importUploadPath(target.id, token)))
    assert.isFalse(existsSync(`${importUploadPath(target.id, token)}.claimed`))
  })

  test('the sweep deletes abandoned uploads of every party and nothing else', async ({
    assert,
  }) => {
    await mkdir(importUploadsDir(), { recursive: true })
    const hex = () => randomBytes(16).toString('hex')
    const old = new Date(Date.now() - 3 * 60 * 60_000)
    const files = {
      oldSource: importUploadPath(source.id, hex()),
      oldTarget: importUploadPath(target.id, hex()),
      oldClaimed: `${importUploadPath(target.id, hex())}.claimed`,
      fresh: importUploadPath(source.id, hex()),
      notAnUpload: join(importUploadsDir(), `keep-${hex()}.txt`),
    }
    for (const path of Object.values(files)) {
      await writeFile(path, HEADER)
      if (path !== files.fresh) await utimes(path, old, old)
    }

    const swept = await runAce(['members:sweep-imports'])
    assert.equal(swept.exitCode, 0, swept.stderr)
    assert.match(swept.stdout, /Deleted [1-9]\d* unconfirmed member import upload/)
    assert.isFalse(existsSync(files.oldSource))
    assert.isFalse(existsSync(files.oldTarget))
    assert.isFalse(existsSync(files.oldClaimed))
    assert.isTrue(existsSync(files.fresh), 'a preview still waiting is kept')
    assert.isTrue(existsSync(files.notAnUpload), 'files that are not uploads are left alone')

    // A preview on any party's host sweeps too.
    const abandoned = importUploadPath(source.id, hex())
    await writeFile(abandoned, HEADER)
    await utimes(abandoned, old, old)
    await targetClerk.upload(
      '/members/import/preview',
      { field: 'file', filename: 'm.csv', content: HEADER },
      {},
      { from: '/members/import' }
    )
    assert.isFalse(existsSync(abandoned))
    assert.isTrue(existsSync(files.fresh))
    const left = await readdir(importUploadsDir())
    assert.include(left, files.notAnUpload.split('/').pop()!)
  })

  test('membership ids grow past M-999999 instead of being cut to six digits', async ({
    assert,
  }) => {
    await tenancy.run(target, () =>
      tenancy.db().rawQuery(`select setval('members_membership_number_seq', 999998)`)
    )
    const csv = [
      HEADER,
      ',Million One,,male,1980-01-02,27-01-99-1,Kathmandu,,,Bagmati,Kathmandu,Kathmandu,4,,general,,yes',
      ',Million Two,,female,1981-01-02,27-01-99-2,Kathmandu,,,Bagmati,Kathmandu,Kathmandu,5,,general,,yes',
    ].join('\n')
    const preview = await targetClerk.upload(
      '/members/import/preview',
      { field: 'file', filename: 'm.csv', content: csv },
      {},
      { from: '/members/import' }
    )
    await targetClerk.post('/members/import', { token: tokenOf(preview.text) })
    const added = await targetClerk.post(
      '/members',
      memberForm({ full_name: 'Million Three', citizenship_number: '27-01-99-3' }),
      { from: '/members/new' }
    )
    assert.equal(added.status, 302)
    const rows = await tenancy.run(target, () =>
      tenancy
        .db()
        .from('members')
        .where('full_name', 'like', 'Million %')
        .orderBy('id')
        .select('membership_id')
    )
    assert.deepEqual(
      rows.map((row) => row.membership_id),
      ['M-999999', 'M-1000000', 'M-1000001']
    )
  })
})
