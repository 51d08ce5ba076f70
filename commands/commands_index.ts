import { writeFile } from 'node:fs/promises'
import { BaseCommand, FsLoader } from '@adonisjs/core/ace'
import type { CommandMetaData, CommandOptions } from '@adonisjs/core/types/ace'
import { renderCommandsIndex } from '#support/commands_index'

export default class CommandsIndex extends BaseCommand {
  static commandName = 'commands:index'
  static description =
    "Rewrite commands/_index.ts, the app commands' metadata, so running one command imports only its own file"
  static help = [
    'Without the index, ace imports every file in commands/ (and all they import: BullMQ,',
    'the whole tenancy engine) to find the one it runs. Run this after adding a command or',
    'changing its name, description, flags or arguments; tests/unit/commands_index.spec.ts',
    'fails while the index is stale.',
  ]
  static options: CommandOptions = { startApp: false }

  async run() {
    const metadata = (await new FsLoader(
      this.app.commandsPath()
    ).getMetaData()) as (CommandMetaData & {
      filePath: string
    })[]
    const file = this.app.commandsPath('_index.ts')
    await writeFile(file, await renderCommandsIndex(metadata))
    this.logger.success(`${metadata.length} commands written to commands/_index.ts`)
  }
}
