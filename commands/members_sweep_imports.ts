import { flags } from '@adonisjs/core/ace'
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class MembersSweepImports extends BaseCommand {
  static commandName = 'members:sweep-imports'
  static description =
    'Delete member CSV uploads whose preview was never confirmed (older than 2 hours by default)'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Delete uploads older than this many minutes (default 120)' })
  declare olderThan?: number

  async run() {
    const { sweepImportUploads, IMPORT_UPLOAD_MAX_AGE_MS } =
      await import('#party/members/import_uploads')
    const minutes = this.olderThan ?? IMPORT_UPLOAD_MAX_AGE_MS / 60_000
    if (!Number.isFinite(minutes) || minutes < 0) {
      this.logger.error('--older-than must be a number of minutes, 0 or more')
      this.exitCode = 1
      return
    }
    const deleted = await sweepImportUploads({ maxAgeMs: minutes * 60_000 })
    this.logger.info(`Deleted ${deleted} unconfirmed member import upload(s)`)
  }
}
