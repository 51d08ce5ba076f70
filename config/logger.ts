import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, destination as pinoDestination, targets } from '@adonisjs/core/logger'

const inConsole = app.getEnvironment() === 'console'
/** Ace commands keep stdout for their output (--json documents): their logs go to stderr. */
const destination = inConsole ? 2 : 1

/**
 * Ace commands write their (rare) log lines synchronously to stderr instead
 * of through a transport: a transport runs in a worker thread that costs a
 * command more start-up time than the whole command (docs/performance.md).
 */
async function consoleStream() {
  // Pretty lines are for a person at a terminal; pino-pretty costs a command ~30 modules.
  if (app.inProduction || !process.stderr.isTTY) return pinoDestination({ dest: 2, sync: true })
  const { default: pretty } = await import('pino-pretty')
  return pretty({ destination: 2, sync: true })
}

const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'sangathan',
      level: env.get('LOG_LEVEL'),
      destination: inConsole ? await consoleStream() : undefined,
      transport: {
        targets: targets()
          .pushIf(!app.inProduction, targets.pretty({ destination }))
          .pushIf(app.inProduction, targets.file({ destination }))
          .toArray(),
      },
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
