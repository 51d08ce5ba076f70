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
import { spawnSync } from 'node:child_process'
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
  const result = spawnSync(pinnedNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: process.env,
  })
  process.exit(result.status ?? 1)
}

/**
 * Register the TypeScript loader, then hand over to the console entry point.
 */
await import('@poppinss/ts-exec')
await import('./bin/console.js')
