/*
|--------------------------------------------------------------------------
| npm run dev
|--------------------------------------------------------------------------
|
| One command from a fresh clone to a running app: writes .env on first
| run, finds (or embeds) PostgreSQL, migrates and seeds the landlord,
| prints the super-admin login, then serves with file watching.
|
*/
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { randomBytes } from 'node:crypto'
import { copyFile, readFile, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EnvProcessor } from '@adonisjs/env'
import { ensureDatabaseExists, ensurePostgres, redisAnswers } from '#bootstrap/services'

const APP_ROOT = new URL('../', import.meta.url)
const rootPath = fileURLToPath(APP_ROOT)
const log = (message: string) => console.log(`[dev] ${message}`)

/**
 * Writes .env from .env.example with fresh secrets. Redis stays configured
 * only when one answers now; otherwise jobs run in-process.
 */
async function writeEnvFile() {
  const envPath = new URL('./.env', APP_ROOT)
  if (existsSync(envPath)) return
  await copyFile(new URL('./.env.example', APP_ROOT), envPath)
  let contents = await readFile(envPath, 'utf8')
  contents = contents
    .replace(/^APP_KEY=.*$/m, `APP_KEY=${randomBytes(32).toString('base64url')}`)
    .replace(/^ADMIN_PASSWORD=.*$/m, `ADMIN_PASSWORD=${randomBytes(9).toString('base64url')}`)
  const redisUrl = contents.match(/^REDIS_URL=(.*)$/m)?.[1]
  if (redisUrl && !(await redisAnswers(redisUrl))) {
    log(`Redis: nothing answers at ${redisUrl}; jobs will run in-process (REDIS_URL left empty)`)
    contents = contents.replace(/^REDIS_URL=.*$/m, 'REDIS_URL=')
  }
  await writeFile(envPath, contents)
  log('wrote .env with a new APP_KEY and super-admin password')
}

function ace(args: string[], options: { inherit?: boolean } = {}) {
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['ace.js', ...args], {
      cwd: rootPath,
      env: process.env,
      stdio: options.inherit === false ? 'ignore' : 'inherit',
    })
    child.on('exit', (code) => resolve(code ?? 1))
  })
}

await writeEnvFile()
await new EnvProcessor(APP_ROOT).process()

const redisUrl = process.env.REDIS_URL
if (redisUrl) {
  if (!(await redisAnswers(redisUrl))) {
    console.error(
      `[dev] REDIS_URL is set to ${redisUrl} but nothing answers there. ` +
        'Start Redis, or empty REDIS_URL in .env to run jobs in-process.'
    )
    process.exit(1)
  }
  log(`Redis: using ${redisUrl}`)
} else {
  log('Redis: not configured; jobs run in-process')
}

/**
 * Whether nothing listens on the port yet.
 */
function portIsFree(port: number, host: string) {
  return new Promise<boolean>((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, host, () => probe.close(() => resolve(true)))
  })
}

const port = Number(process.env.PORT)
const host = process.env.HOST || 'localhost'
if (!(await portIsFree(port, host))) {
  console.error(
    `[dev] Port ${port} on ${host} is already in use (another "npm run dev"?). ` +
      'Stop it, or set PORT in .env.'
  )
  process.exit(1)
}

const postgres = await ensurePostgres(APP_ROOT, log)
let server: ChildProcess | undefined
let worker: ChildProcess | undefined
let stopping = false

/**
 * Stops a child with a signal it handles gracefully, then SIGKILL after 8 s.
 */
async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill(signal)
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 8000))
  if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL')
}

const shutdown = async (code: number) => {
  if (stopping) return
  stopping = true
  // Our children must not outlive us (nor keep the port, nor hold jobs).
  // "ace serve" stops itself and its HTTP server on SIGINT (it ignores SIGTERM);
  // queue:work finishes its current jobs on SIGTERM.
  await Promise.all([stopChild(server, 'SIGINT'), stopChild(worker, 'SIGTERM')])
  await postgres.stop()
  process.exit(code)
}
process.on('SIGINT', () => shutdown(0))
process.on('SIGTERM', () => shutdown(0))

try {
  await ensureDatabaseExists(postgres.settings)
  if ((await ace(['migration:run', '--force'])) !== 0) throw new Error('landlord migrations failed')
  if ((await ace(['db:seed'])) !== 0) throw new Error('seeding failed')
  if ((await ace(['demo:seed'])) !== 0) throw new Error('demo party could not be provisioned')
} catch (error) {
  console.error(`[dev] ${(error as Error).message}`)
  await shutdown(1)
}

const url = process.env.APP_URL || `http://${process.env.HOST}:${process.env.PORT}`
console.log(
  [
    '',
    '  Sangathan is starting',
    `  Admin console: ${url}/admin/login`,
    `  Email:         ${process.env.ADMIN_EMAIL}`,
    `  Password:      ${process.env.ADMIN_PASSWORD || '(printed above when the account was created)'}`,
    `  Demo party:    http://demo-party.${process.env.TENANT_ROOT_DOMAIN}:${process.env.PORT}/ (node ace tenant:list)`,
    '',
  ].join('\n')
)

server = spawn(process.execPath, ['ace.js', 'serve', '--watch'], {
  cwd: rootPath,
  env: process.env,
  stdio: 'inherit',
})
server.on('exit', (code) => shutdown(code ?? 0))

// With Redis, queued jobs (provisioning from the console, fleet migrations) need a worker.
if (redisUrl) {
  worker = spawn(process.execPath, ['ace.js', 'queue:work'], {
    cwd: rootPath,
    env: process.env,
    stdio: 'inherit',
  })
  worker.on('exit', (code) => {
    if (!stopping) log(`queue worker exited (code ${code}); queued jobs wait until it runs again`)
  })
}
