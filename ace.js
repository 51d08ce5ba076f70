/*
|--------------------------------------------------------------------------
| Ace entry point
|--------------------------------------------------------------------------
|
| The project runs on the Node.js pinned in package.json ("node" dependency).
| When this file is started by an older system Node, it re-executes itself
| under node_modules/.bin/node so that `node ace ...` works from any shell.
|
*/
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const REQUIRED_MAJOR = 24
const major = Number(process.versions.node.split('.')[0])

if (major < REQUIRED_MAJOR) {
  const pinnedNode = fileURLToPath(new URL('./node_modules/.bin/node', import.meta.url))
  if (!existsSync(pinnedNode)) {
    console.error(
      `Sangathan needs Node.js >= ${REQUIRED_MAJOR}; this is ${process.version} and ` +
        `node_modules/.bin/node is missing. Run "npm install" first.`
    )
    process.exit(1)
  }
  const child = spawn(pinnedNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: process.env,
  })

  /**
   * A signal sent to this process alone (kill, a process manager) is passed
   * on to the child, which decides how to stop; this process then exits the
   * way the child did. A Ctrl+C at a terminal already reaches the child
   * (same process group), so SIGINT is not repeated when stdin is a terminal.
   */
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP']
  const forward = (signal) => {
    if (signal === 'SIGINT' && process.stdin.isTTY) return
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  }
  for (const signal of forwarded) process.on(signal, forward)

  child.on('error', (error) => {
    console.error(`Could not start ${pinnedNode}: ${error.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    if (signal) {
      for (const name of forwarded) process.off(name, forward)
      process.kill(process.pid, signal)
      return
    }
    process.exit(code ?? 1)
  })
} else {
  /**
   * Register the TypeScript loader, then hand over to the console entry point.
   */
  await import('@poppinss/ts-exec')
  await import('./bin/console.js')
}
