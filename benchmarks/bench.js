/*
|--------------------------------------------------------------------------
| npm run bench [-- provisioning|fleet|cli|members|http]
|--------------------------------------------------------------------------
|
| Runs the benchmarks (benchmarks/run.ts) under the pinned Node.js with the
| TypeScript loader, like ace.js does for commands.
|
*/
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const REQUIRED_MAJOR = 24

if (Number(process.versions.node.split('.')[0]) < REQUIRED_MAJOR) {
  const pinnedNode = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url))
  const child = spawn(pinnedNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: process.env,
  })
  child.on('exit', (code) => process.exit(code ?? 1))
} else {
  await import('@poppinss/ts-exec')
  await import('./run.js')
}
