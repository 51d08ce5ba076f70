import BaseTransmitProvider from '@adonisjs/transmit/transmit_provider'

/**
 * @adonisjs/transmit's provider, except that shutdown closes the transmit
 * instance (its ping timer and Redis connections) only when something made
 * it: the package's own shutdown would first create one, and with it two
 * Redis connections, in every `node ace` command that never used it.
 */
export default class TransmitProvider extends BaseTransmitProvider {
  #made = false

  register() {
    super.register()
    this.app.container.resolving('transmit', () => {
      this.#made = true
    })
  }

  async shutdown() {
    if (this.#made) await super.shutdown()
  }
}
