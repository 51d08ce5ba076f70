import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { FsLoader } from '@adonisjs/core/ace'
import { commands, getCommand } from '../../commands/_index.js'

/**
 * commands/_index.ts lets ace import only the command it runs. A command
 * added or changed without `node ace commands:index` would run with stale
 * flags or be missing from the index: this test fails until it is rewritten.
 */
test.group('commands index', () => {
  test('lists exactly what ace reads from commands/, flags and arguments included', async ({
    assert,
  }) => {
    const fromFiles = await new FsLoader(app.commandsPath()).getMetaData()
    const byName = (list: { commandName: string }[]) =>
      [...list].sort((a, b) => a.commandName.localeCompare(b.commandName))
    assert.deepEqual(
      JSON.parse(JSON.stringify(byName(commands))),
      JSON.parse(JSON.stringify(byName(fromFiles)))
    )
  })

  test('imports the command it is asked for, and nothing for an unknown name', async ({
    assert,
  }) => {
    const { default: TenantList } = await import('../../commands/tenant_list.js')
    assert.strictEqual(await getCommand({ commandName: 'tenant:list' }), TenantList)
    assert.isNull(await getCommand({ commandName: 'tenant:nothing' }))
  })
})
