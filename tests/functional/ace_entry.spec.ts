import { test } from '@japa/runner'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import { sleep } from '#tests/helpers/tenancy'

/** The machine's own, older Node: ace.js re-executes itself under the pinned one. */
const SYSTEM_NODE = process.env.SYSTEM_NODE_PATH ?? '/usr/bin/node'

/** Major version of the system Node, or undefined when there is none. */
function systemNodeMajor() {
  if (!existsSync(SYSTEM_NODE)) return undefined
  const version = execFileSync(SYSTEM_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' })
  return Number(version.split('.')[0])
}
const olderNode = (systemNodeMajor() ?? Infinity) < 24

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * The Node 24 process ace.js started, once it is there.
 */
async function childOf(pid: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const found = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim()
      if (found) return Number(found.split('\n')[0])
    } catch {
      // pgrep exits 1 until the child exists.
    }
    await sleep(100)
  }
  throw new Error(`ace.js (pid ${pid}) started no child`)
}

test.group('ace.js under an older Node', () => {
  test('SIGTERM to `node ace` stops the Node 24 child too, and it exits as the child did', async ({
    assert,
  }) => {
    // queue:work runs until it is told to stop.
    const parent = spawn(SYSTEM_NODE, ['ace.js', 'queue:work', '--concurrency=1'], {
      cwd: app.makePath(),
      env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    parent.stdout.on('data', (chunk) => (output += chunk))
    parent.stderr.on('data', (chunk) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => parent.on('exit', resolve))
    let child: number | undefined
    try {
      child = await childOf(parent.pid!)
      const deadline = Date.now() + 60_000
      while (!output.includes('Working queue') && Date.now() < deadline) await sleep(100)
      assert.include(output, 'Working queue')

      parent.kill('SIGTERM')
      const code = await exited
      assert.equal(code, 0, output)
      assert.isFalse(alive(child), `child ${child} outlived its parent`)
      assert.isFalse(existsSync(`/proc/${child}`))
    } finally {
      if (parent.exitCode === null) parent.kill('SIGKILL')
      // A failed run must not leave a worker behind.
      if (child && alive(child)) process.kill(child, 'SIGKILL')
    }
  })
    .timeout(90_000)
    .skip(!olderNode, `${SYSTEM_NODE} is missing or not older than Node 24: ace.js runs in place`)
})
