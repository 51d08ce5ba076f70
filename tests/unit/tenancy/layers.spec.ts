import { test } from '@japa/runner'
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { resolveLayers, resolveModuleOrder, TRACKING_TABLE_PREFIX } from '#tenancy/layers'

const catalog = [
  { name: 'membership', dependsOn: [] },
  { name: 'finance_tracking', dependsOn: [] },
  { name: 'election_campaign', dependsOn: ['membership'] },
  { name: 'campaign_finance', dependsOn: ['election_campaign', 'finance_tracking'] },
  { name: 'social_media', dependsOn: [] },
]

test.group('Module order', () => {
  test('dependencies come before the modules that need them', ({ assert }) => {
    assert.deepEqual(resolveModuleOrder(['election_campaign', 'membership'], catalog), [
      'membership',
      'election_campaign',
    ])
    assert.deepEqual(resolveModuleOrder(['campaign_finance'], catalog), [
      'membership',
      'election_campaign',
      'finance_tracking',
      'campaign_finance',
    ])
  })

  test('unselected dependencies are added once; independent modules keep their order', ({
    assert,
  }) => {
    assert.deepEqual(
      resolveModuleOrder(['social_media', 'campaign_finance', 'election_campaign'], catalog),
      ['social_media', 'membership', 'election_campaign', 'finance_tracking', 'campaign_finance']
    )
    assert.deepEqual(resolveModuleOrder([], catalog), [])
  })

  test('an unknown module is an error naming it and who needs it', ({ assert }) => {
    assert.throws(() => resolveModuleOrder(['nope'], catalog), 'Unknown module "nope"')
    assert.throws(
      () =>
        resolveModuleOrder(
          ['a'],
          [
            { name: 'a', dependsOn: ['b'] },
            { name: 'b', dependsOn: ['ghost'] },
          ]
        ),
      'Unknown module "ghost" (needed by a → b)'
    )
  })

  test('a dependency cycle is an error showing the cycle', ({ assert }) => {
    const cyclic = [
      { name: 'a', dependsOn: ['b'] },
      { name: 'b', dependsOn: ['c'] },
      { name: 'c', dependsOn: ['a'] },
    ]
    assert.throws(() => resolveModuleOrder(['a'], cyclic), 'Module dependency cycle: a → b → c → a')
    assert.throws(
      () => resolveModuleOrder(['self'], [{ name: 'self', dependsOn: ['self'] }]),
      /Module dependency cycle: self → self/
    )
  })
})

test.group('Migration layers', (group) => {
  let appRoot: string
  group.setup(async () => {
    appRoot = await mkdtemp(join(tmpdir(), 'tenancy-layers-'))
    return () => rm(appRoot, { recursive: true, force: true })
  })

  test('basic, template, then each module, in order, each with its tracking table', ({
    assert,
  }) => {
    const layers = resolveLayers({
      appRoot,
      migrationsRoot: 'database/migrations/tenant',
      template: 'political_party_nepal',
      modules: ['membership', 'election_campaign'],
      slug: 'nepali-congress',
    })
    assert.deepEqual(
      layers.map((layer) => [layer.type, layer.owner, layer.key, layer.path, layer.trackingTable]),
      [
        ['basic', null, 'basic', 'database/migrations/tenant/basic', 'schema_migrations_basic'],
        [
          'template',
          'political_party_nepal',
          'template',
          'database/migrations/tenant/templates/political_party_nepal',
          'schema_migrations_template',
        ],
        [
          'module',
          'membership',
          'module:membership',
          'database/migrations/tenant/modules/membership',
          'schema_migrations_module_membership',
        ],
        [
          'module',
          'election_campaign',
          'module:election_campaign',
          'database/migrations/tenant/modules/election_campaign',
          'schema_migrations_module_election_campaign',
        ],
      ]
    )
    for (const layer of layers) assert.isTrue(layer.trackingTable.startsWith(TRACKING_TABLE_PREFIX))
  })

  test('the custom layer is included only when the tenant has a custom folder', async ({
    assert,
  }) => {
    const options = {
      appRoot,
      migrationsRoot: 'migrations',
      template: 'tpl',
      modules: [],
      slug: 'uml',
    }
    assert.notInclude(
      resolveLayers(options).map((layer) => layer.type),
      'custom'
    )

    await mkdir(join(appRoot, 'migrations/custom/uml'), { recursive: true })
    const custom = resolveLayers(options).at(-1)!
    assert.deepInclude(custom, {
      type: 'custom',
      owner: 'uml',
      key: 'custom',
      path: 'migrations/custom/uml',
      trackingTable: 'schema_migrations_custom',
    })
  })

  test('template and module names that could escape their folder are refused', ({ assert }) => {
    const base = { appRoot, migrationsRoot: 'm', modules: [], slug: 'uml' }
    assert.throws(
      () => resolveLayers({ ...base, template: '../etc' }),
      /Invalid template or module/
    )
    assert.throws(
      () => resolveLayers({ ...base, template: 'tpl', modules: ['Bad-Name'] }),
      /Invalid template or module name "Bad-Name"/
    )
  })
})
