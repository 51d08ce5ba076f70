/*
|--------------------------------------------------------------------------
| Ace entry point (TypeScript)
|--------------------------------------------------------------------------
|
| Started by ace.js once the pinned Node.js and the TypeScript loader are
| in place.
|
*/
import nodeModule from 'node:module'

/**
 * V8's compiled code for every module is kept on disk (NODE_COMPILE_CACHE,
 * else <tmpdir>/node-compile-cache; NODE_DISABLE_COMPILE_CACHE=1 turns it
 * off), so the next command skips most parsing and compiling. Enabled before
 * anything else is imported, hence the dynamic imports below.
 */
// Absent before Node 22.1: then a no-op.
nodeModule.enableCompileCache?.()

/**
 * Ace's UI library asks for the terminal's size when it loads. With output
 * piped (`--json`, scripts, CI) there is no terminal to ask, and it runs
 * `tput` twice (~25 ms) to learn what it then falls back to anyway: 80 × 24.
 */
if (!process.stdout.isTTY && !process.stderr.isTTY && !process.env.COLUMNS && !process.env.LINES) {
  process.env.COLUMNS = '80'
  process.env.LINES = '24'
}

await import('reflect-metadata')
const { Ignitor, prettyPrintError } = await import('@adonisjs/core')

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
  })
  .ace()
  .handle(process.argv.splice(2))
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
