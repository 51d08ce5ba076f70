import type { ApplicationService } from '@adonisjs/core/types'

/**
 * @adonisjs/transmit's provider, loaded when something first uses
 * transmit: the package (and @boringnode/transmit under it, ~25 modules)
 * is not imported by the many `node ace` commands that never broadcast,
 * and shutdown closes the transmit instance (its ping timer and Redis
 * connections) only when something made it: the package's own shutdown
 * would first create one, and with it two Redis connections.
 */
export default class TransmitProvider {
  #made = false

  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('transmit', async () => {
      const { default: PackageProvider } = await import('@adonisjs/transmit/transmit_provider')
      // The package's provider binds its own factory in place of this one; resolve through it.
      new PackageProvider(this.app).register()
      this.#made = true
      return this.app.container.make('transmit')
    })
  }

  async shutdown() {
    if (!this.#made) return
    const transmit = await this.app.container.make('transmit')
    await transmit.shutdown()
  }
}
