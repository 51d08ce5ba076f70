import { test } from '@japa/runner'
import type Tenant from '#models/landlord/tenant'
import tenancy from '#tenancy/services/tenancy'
import { TenantBaseModel } from '#tenancy/tenant_model'
import { column } from '@adonisjs/lucid/orm'
import { TenancyFixtures, createTableMigration } from '#tests/helpers/tenancy'

/** A tenant model of the fixture's `things` table. */
class Thing extends TenantBaseModel {
  static table = 'things'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string
}

/** Seeders writing through their client, tenancy.db() and a tenant model. */
const CLIENT_SEEDER = `import { BaseSeeder } from '@adonisjs/lucid/seeders'

export default class extends BaseSeeder {
  async run() {
    await this.client.table('things').insert({ name: 'by client' })
  }
}
`
const CONTEXT_SEEDER = `import { BaseSeeder } from '@adonisjs/lucid/seeders'
import tenancy from '#tenancy/services/tenancy'

export default class extends BaseSeeder {
  async run() {
    await tenancy.db().table('things').insert({ name: 'by context' })
  }
}
`
const MODEL_SEEDER = `import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { column } from '@adonisjs/lucid/orm'
import { TenantBaseModel } from '#tenancy/tenant_model'

class Thing extends TenantBaseModel {
  static table = 'things'
  @column({ isPrimary: true })
  declare id: number
  @column()
  declare name: string
}

export default class extends BaseSeeder {
  async run() {
    await Thing.create({ name: 'by model' })
    // The rows of the seeders before this one are visible to it.
    if ((await Thing.query().count('* as total'))[0].$extras.total !== '3') {
      throw new Error('the earlier rows are not visible')
    }
  }
}
`
const FAILING_SEEDER = `import { BaseSeeder } from '@adonisjs/lucid/seeders'

export default class extends BaseSeeder {
  async run() {
    if (process.env.SEEDER_SPEC_FAIL === '1') throw new Error('seeder failed on purpose')
  }
}
`

/**
 * A tenant's seeders run in one transaction: one commit, and none of their
 * rows when one of them fails, whichever way they write.
 */
test.group('Tenant seeders | one transaction', (group) => {
  const fixtures = new TenancyFixtures()
  let tenant: Tenant

  group.setup(async () => {
    await fixtures.copyBasicLayer()
    const template = await fixtures.template()
    await fixtures.write(
      `templates/${template.name}/0001_things.ts`,
      createTableMigration('things')
    )
    await fixtures.write(`seeders/${template.name}/0_client_seeder.ts`, CLIENT_SEEDER)
    await fixtures.write(`seeders/${template.name}/1_context_seeder.ts`, CONTEXT_SEEDER)
    await fixtures.write(`seeders/${template.name}/2_model_seeder.ts`, MODEL_SEEDER)
    await fixtures.write(`seeders/${template.name}/3_failing_seeder.ts`, FAILING_SEEDER)
    tenant = await fixtures.tenant(template)
    await fixtures.provisioner.provision(tenant, { seed: false })
    return () => fixtures.cleanup()
  })

  const names = () =>
    tenancy.run(tenant, async () => {
      const rows = await Thing.query().orderBy('id')
      return rows.map((row) => row.name)
    })

  test('a failing seeder leaves none of the rows of the seeders before it', async ({ assert }) => {
    process.env.SEEDER_SPEC_FAIL = '1'
    try {
      await assert.rejects(() => fixtures.provisioner.seed(tenant), /seeder failed on purpose/)
    } finally {
      delete process.env.SEEDER_SPEC_FAIL
    }
    assert.deepEqual(await names(), [])
  })

  test('they all commit together', async ({ assert }) => {
    await fixtures.provisioner.seed(tenant)
    assert.deepEqual(await names(), ['by client', 'by context', 'by model'])
  })

  test('tenancy.transaction: models and tenancy.db() use it, nested runs join it', async ({
    assert,
  }) => {
    await tenancy.run(tenant, async () => {
      await Thing.query().delete()
      await assert.rejects(() =>
        tenancy.transaction(async () => {
          await Thing.create({ name: 'rolled back' })
          await tenancy.db().table('things').insert({ name: 'rolled back too' })
          const seen = await tenancy.run(tenant, () => Thing.query().count('* as total'))
          assert.equal(seen[0].$extras.total, '2')
          throw new Error('undo')
        })
      )
      assert.lengthOf(await Thing.all(), 0)
      await tenancy.transaction(async () => {
        await Thing.create({ name: 'kept' })
      })
    })
    assert.deepEqual(await names(), ['kept'])
  })
})
