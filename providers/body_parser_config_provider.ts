import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Completes config/bodyparser.ts with the body parser's defaults when the
 * HTTP side boots. The config file holds plain options rather than calling
 * the package's `defineConfig` itself: importing the body parser loads its
 * file-type detection (~50 modules), and every `node ace` command reads every
 * config file (docs/performance.md, CLI start-up). The body parser
 * middleware reads the config at the first request, after boot.
 */
export default class BodyParserConfigProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { defineConfig } = await import('@adonisjs/core/bodyparser')
    const options = this.app.config.get<Parameters<typeof defineConfig>[0]>('bodyparser')
    this.app.config.set('bodyparser', defineConfig(options))
  }
}
