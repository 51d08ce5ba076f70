/*
|--------------------------------------------------------------------------
| Load generator of the HTTP benchmark (npm run bench -- http)
|--------------------------------------------------------------------------
|
| Started by benchmarks/run.ts as a process of its own, beside the
| production server it measures. Reads its plan (a JSON file, argv[2]):
|
| - `login`: signs in every party's first admin over HTTP (login form with
|   its CSRF token, as a browser does; each party from its own client
|   address through the trusted proxy) and prints `BENCH_RESULT` with each
|   party's cookies;
| - `load`: checks that one request of the shape returns a members list,
|   with `visitAll` serves every target's page once,
|   then runs autocannon (after an unmeasured warm-up of the same shape)
|   for the given seconds and connections, each request
|   going to a party picked at random (its host and cookies), and prints
|   `BENCH_RESULT` with autocannon's figures.
|
*/
import http from 'node:http'
import { readdirSync, readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import pg from 'pg'

interface Target {
  host: string
  path: string
  cookie?: string
}

interface Plan {
  mode: 'login' | 'load'
  port: number
  seconds?: number
  warmup?: number
  connections?: number
  parties?: { slug: string; host: string; email: string; password: string }[]
  targets?: Target[]
  /** Where to count the connections opened to the parties' databases during the run. */
  stats?: { server: pg.ClientConfig; like: string }
  /** The app server's process, whose CPU time is read from /proc with PostgreSQL's. */
  serverPid?: number
  /** Serve every target's page once before the warm-up (a server that has served them all). */
  visitAll?: boolean
}

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Plan

/** utime + stime (+ children's, reaped) of a process, in clock ticks; null when unreadable. */
function ticksOf(pid: number | string, withChildren = false) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based).
    const own = Number(fields[11]) + Number(fields[12])
    return withChildren ? own + Number(fields[13]) + Number(fields[14]) : own
  } catch {
    return null
  }
}

/**
 * CPU used so far by the app server and by PostgreSQL on this machine, in
 * ms: every process named postgres, plus what the postmaster has reaped of
 * backends that ended (a connection per request ends its backend). Linux
 * only; null elsewhere or when the server is not on this machine.
 */
function cpuSnapshot() {
  if (!plan.serverPid) return null
  const server = ticksOf(plan.serverPid)
  if (server === null) return null
  let postgres = 0
  let found = false
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let comm: string
    let ppid: string
    try {
      comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim()
      ppid = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] ?? ''
    } catch {
      continue
    }
    if (comm !== 'postgres') continue
    found = true
    // The postmaster (its parent is not postgres) carries its reaped backends' time.
    const parentIsPostgres = (() => {
      try {
        return readFileSync(`/proc/${ppid}/comm`, 'utf8').trim() === 'postgres'
      } catch {
        return false
      }
    })()
    postgres += ticksOf(entry, !parentIsPostgres) ?? 0
  }
  if (!found) return null
  const tick = 1000 / 100 // USER_HZ, 100 on Linux
  return { server: server * tick, postgres: postgres * tick }
}

function request(options: {
  host: string
  path: string
  method?: string
  headers?: Record<string, string>
  body?: string
}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: plan.port,
          path: options.path,
          method: options.method ?? 'GET',
          headers: { ...options.headers, host: options.host },
        },
        (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => (body += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
        }
      )
      req.on('error', reject)
      if (options.body) req.write(options.body)
      req.end()
    }
  )
}

/** Cookies (name=value) from Set-Cookie headers, merged over earlier ones. */
function withCookies(jar: Map<string, string>, headers: http.IncomingHttpHeaders) {
  for (const line of headers['set-cookie'] ?? []) {
    const [pair] = line.split(';')
    const at = pair.indexOf('=')
    jar.set(pair.slice(0, at), pair.slice(at + 1))
  }
  return jar
}

const cookieHeader = (jar: Map<string, string>) =>
  [...jar].map(([name, value]) => `${name}=${value}`).join('; ')

async function signIn(party: NonNullable<Plan['parties']>[number], index: number) {
  // Each party's staff from an address of their own (X-Forwarded-For from the trusted proxy).
  const forwarded = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`
  const jar = new Map<string, string>()
  const form = await request({
    host: party.host,
    path: '/login',
    headers: { 'x-forwarded-for': forwarded },
  })
  withCookies(jar, form.headers)
  const csrf = /name=['"]_csrf['"] value=['"]([^'"]+)['"]/.exec(form.body)?.[1]
  if (form.status !== 200 || !csrf) throw new Error(`${party.host}/login: ${form.status}`)
  const body = new URLSearchParams({ _csrf: csrf, email: party.email, password: party.password })
  const signedIn = await request({
    host: party.host,
    path: '/login',
    method: 'POST',
    headers: {
      'x-forwarded-for': forwarded,
      'content-type': 'application/x-www-form-urlencoded',
      'cookie': cookieHeader(jar),
    },
    body: body.toString(),
  })
  withCookies(jar, signedIn.headers)
  if (signedIn.status !== 302 || signedIn.headers.location !== '/dashboard') {
    throw new Error(`${party.host} sign-in: ${signedIn.status} → ${signedIn.headers.location}`)
  }
  return { host: party.host, cookie: cookieHeader(jar) }
}

async function login() {
  const parties = plan.parties!
  const signedIn: { host: string; cookie: string }[] = new Array(parties.length)
  let next = 0
  const worker = async () => {
    while (next < parties.length) {
      const index = next++
      signedIn[index] = await signIn(parties[index], index)
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  return { parties: signedIn }
}

/** Connections ever opened to the parties' databases (pg_stat_database.sessions). */
async function tenantSessions() {
  if (!plan.stats) return 0
  const client = new pg.Client({ ...plan.stats.server, database: 'postgres' })
  await client.connect()
  try {
    const result = await client.query<{ sessions: string }>(
      `select coalesce(sum(sessions), 0) as sessions from pg_stat_database where datname like $1`,
      [plan.stats.like]
    )
    return Number(result.rows[0].sessions)
  } finally {
    await client.end()
  }
}

/** Rows of the members table in a page (one `<a href="/members/<id>">` per member). */
const memberRows = (body: string) => body.match(/<a href="\/members\/\d+">/g)?.length ?? 0

/** Each target's page once, four at a time; every one must answer 200. */
async function visitAll(targets: Target[]) {
  let next = 0
  const worker = async () => {
    while (next < targets.length) {
      const target = targets[next++]
      const response = await request({
        host: target.host,
        path: target.path,
        headers: target.cookie ? { cookie: target.cookie } : {},
      })
      if (response.status !== 200) {
        throw new Error(`${target.host}${target.path}: ${response.status} on the first visit`)
      }
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
}

async function load() {
  const targets = plan.targets!
  const probe = targets[0]
  const checked = await request({
    host: probe.host,
    path: probe.path,
    headers: probe.cookie ? { cookie: probe.cookie } : {},
  })
  const rows = memberRows(checked.body)
  if (checked.status !== 200 || rows === 0 || !checked.body.includes('data-test="members"')) {
    throw new Error(
      `${probe.host}${probe.path} is not a members list (${checked.status}, ${rows} rows)\n` +
        checked.body.slice(0, 500)
    )
  }
  const run = (duration: number) =>
    autocannon({
      url: `http://127.0.0.1:${plan.port}`,
      connections: plan.connections,
      duration,
      requests: [
        {
          setupRequest(req) {
            const target = targets[Math.floor(Math.random() * targets.length)]
            return {
              ...req,
              path: target.path,
              headers: target.cookie
                ? { ...req.headers, host: target.host, cookie: target.cookie }
                : { ...req.headers, host: target.host },
            }
          },
        },
      ],
    })
  if (plan.visitAll) await visitAll(targets)
  // Steady state, as a server that has been serving these parties for a while: not measured.
  if (plan.warmup) await run(plan.warmup)
  const before = await tenantSessions()
  const cpuBefore = cpuSnapshot()
  const result = await run(plan.seconds!)
  const cpuAfter = cpuSnapshot()
  // pg_stat_database counts a connection when it starts.
  const opened = (await tenantSessions()) - before
  const requests = Math.max(1, result.requests.total)
  return {
    opened,
    cpuPerRequest:
      cpuBefore && cpuAfter
        ? {
            server: (cpuAfter.server - cpuBefore.server) / requests,
            postgres: (cpuAfter.postgres - cpuBefore.postgres) / requests,
          }
        : null,
    rowsChecked: rows,
    bytesChecked: checked.body.length,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
  }
}

const result = plan.mode === 'login' ? await login() : await load()
process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`)
