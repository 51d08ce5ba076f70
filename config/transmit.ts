import { createRequire } from 'node:module'
import env from '#start/env'
import { defineConfig } from '@adonisjs/transmit'

type TransportConfig = NonNullable<Parameters<typeof defineConfig>[0]['transport']>

/**
 * @boringnode/bus's Redis transport, resolved from @boringnode/transmit (the
 * package that depends on it). The re-exports in @adonisjs/transmit cannot be
 * imported here: `/transports` also loads the MQTT transport (mqtt is not
 * installed) and `/transports/redis` looks for @boringnode/bus at the top of
 * node_modules, where npm cannot hoist it (its optional ioredis ^5 peer
 * conflicts with the app's ioredis 6). It is loaded (require of an ES
 * module, synchronous) when transmit is first made, not when this config is
 * read: every `node ace` command reads every config file, and ioredis is
 * ~25 ms of a command's start.
 */
function redisTransport(url: string): TransportConfig {
  const db = new URL(url).pathname.slice(1) || '0'
  return {
    driver: () => {
      const fromTransmit = createRequire(
        createRequire(import.meta.url).resolve('@boringnode/transmit')
      )
      const { redis } = fromTransmit('@boringnode/bus/transports/redis') as {
        redis: (config: string) => TransportConfig['driver']
      }
      return redis(url)()
    },
    // Pub/sub ignores the database number: the channel carries it, so apps (and
    // test runs) sharing one Redis on different databases do not hear each other.
    channel: `sangathan:transmit:${db}`,
  }
}

const redisUrl = env.get('REDIS_URL')

/**
 * Server-sent events (the console's live provisioning progress). Jobs run in
 * worker processes, so with Redis every broadcast goes through it to the web
 * processes holding the streams; without Redis jobs run in the web process
 * and broadcasts stay in memory.
 */
const transmitConfig = defineConfig({
  // A comment line every 25 s keeps proxies from closing a quiet stream.
  pingInterval: '25s',
  transport: redisUrl ? redisTransport(redisUrl) : null,
})

export default transmitConfig
