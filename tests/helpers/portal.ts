import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type Tenant from '#models/landlord/tenant'
import StaffUser from '#models/party/staff_user'
import tenancy from '#tenancy/services/tenancy'
import type { StaffRole } from '#party/staff/staff_roles'

export const ROOT_DOMAIN = process.env.TENANT_ROOT_DOMAIN ?? 'sangathan.test'

/**
 * The host of a party's portal.
 */
export function portalHost(tenant: Pick<Tenant, 'slug'>) {
  return `${tenant.slug}.${ROOT_DOMAIN}`
}

export interface AgentResponse {
  status: number
  headers: IncomingHttpHeaders
  /** Where a redirect points, as a path on this host. */
  location: string | undefined
  text: string
}

/**
 * A browser stand-in for functional tests, speaking plain HTTP to the test
 * server (so no test plugin touches its cookies): keeps the cookies a host
 * sets, exactly as received, and the last CSRF token it saw in a page, and
 * sends them back like a browser would. Redirects are not followed, so
 * tests see each 302.
 */
export class PortalAgent {
  readonly cookies = new Map<string, string>()
  csrfToken?: string
  /** The last page fetched: sent as Referer, so "redirect back" works. */
  lastPage = '/'

  constructor(public host: string) {}

  /** The raw Cookie header this agent sends. */
  get cookieHeader() {
    return [...this.cookies.values()].join('; ')
  }

  #absorb(response: AgentResponse) {
    for (const raw of response.headers['set-cookie'] ?? []) {
      const pair = raw.split(';')[0]
      const name = pair.slice(0, pair.indexOf('='))
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(raw)) this.cookies.delete(name)
      else this.cookies.set(name, pair)
    }
    const token = /name=['"]_csrf['"] value=['"]([^'"]+)['"]/.exec(response.text)?.[1]
    if (token) this.csrfToken = token
    return response
  }

  request(method: string, path: string, body?: string | Buffer, contentType?: string) {
    return new Promise<AgentResponse>((resolve, reject) => {
      const headers: Record<string, string> = {
        'Host': this.host,
        'User-Agent': 'PortalAgent/1.0',
        'Accept': 'text/html',
      }
      if (this.cookies.size) headers.Cookie = this.cookieHeader
      if (method !== 'GET') headers.Referer = `http://${this.host}${this.lastPage}`
      if (body !== undefined) {
        headers['Content-Type'] = contentType ?? 'application/x-www-form-urlencoded'
        headers['Content-Length'] = String(Buffer.byteLength(body))
      }
      const req = httpRequest(
        { host: '127.0.0.1', port: Number(process.env.PORT), method, path, headers },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk) => chunks.push(chunk))
          res.on('end', () =>
            resolve(
              this.#absorb({
                status: res.statusCode ?? 0,
                headers: res.headers,
                // "Redirect back" answers with the absolute Referer: keep the path.
                location: res.headers.location?.replace(`http://${this.host}`, ''),
                text: Buffer.concat(chunks).toString('utf8'),
              })
            )
          )
        }
      )
      req.on('error', reject)
      if (body !== undefined) req.write(body)
      req.end()
    })
  }

  get(path: string) {
    this.lastPage = path
    return this.request('GET', path)
  }

  /** Status code of a GET. */
  async statusOf(path: string) {
    const response = await this.get(path)
    return response.status
  }

  /** Body of a GET. */
  async textOf(path: string) {
    const response = await this.get(path)
    return response.text
  }

  /** Where a GET redirects to (a path on this host). */
  async locationOf(path: string) {
    const response = await this.get(path)
    return response.location
  }

  /**
   * Posts a form with the agent's CSRF token (fetching one from `/login`,
   * or from the page `from`, first).
   */
  async post(path: string, form: Record<string, unknown> = {}, options: { from?: string } = {}) {
    if (!this.csrfToken || options.from) await this.get(options.from ?? '/login')
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries({ _csrf: this.csrfToken, ...form })) {
      if (value !== undefined && value !== null) body.append(key, String(value))
    }
    return this.request('POST', path, body.toString())
  }

  /**
   * Uploads a file as multipart/form-data with the agent's CSRF token.
   */
  async upload(
    path: string,
    file: { field: string; filename: string; content: string | Buffer },
    fields: Record<string, string> = {},
    options: { from?: string } = {}
  ) {
    if (!this.csrfToken || options.from) await this.get(options.from ?? '/login')
    const boundary = `----portal-agent-${Date.now()}`
    const parts: Buffer[] = []
    for (const [name, value] of Object.entries({ _csrf: this.csrfToken!, ...fields })) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
        )
      )
    }
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n`
      ),
      Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`)
    )
    // The body is read only after the CSRF check, so the token also rides in the
    // query string, as the import form's action carries it.
    const separator = path.includes('?') ? '&' : '?'
    return this.request(
      'POST',
      `${path}${separator}_csrf=${encodeURIComponent(this.csrfToken!)}`,
      Buffer.concat(parts),
      `multipart/form-data; boundary=${boundary}`
    )
  }

  /** Picks the language through the header switch, as a person would. */
  switchLocale(locale: 'en' | 'ne') {
    return this.post('/locale', { locale }, { from: '/login' })
  }

  /** Signs in through the login form; returns the login response. */
  async login(email: string, password: string) {
    await this.get('/login')
    return this.post('/login', { email, password })
  }
}

/**
 * Creates a staff account directly in a party's database.
 */
export async function makeStaff(
  tenant: Tenant,
  role: StaffRole,
  overrides: Partial<{ email: string; password: string; fullName: string }> = {}
) {
  const password = overrides.password ?? `pw-${role}-${Math.random().toString(36).slice(2)}`
  const user = await tenancy.run(tenant, () =>
    StaffUser.create({
      fullName: overrides.fullName ?? `Test ${role}`,
      email: overrides.email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@example.org`,
      password,
      role,
      locale: 'en',
      isActive: true,
    })
  )
  return { user, email: user.email, password }
}

/**
 * A valid member form for Kathmandu Metropolitan City, ward 32.
 */
export function memberForm(overrides: Record<string, unknown> = {}) {
  return {
    full_name: 'Sita Kumari Shrestha',
    full_name_np: 'सीता कुमारी श्रेष्ठ',
    date_of_birth: '1992-03-14',
    gender: 'female',
    citizenship_number: `27-01-${Math.floor(Math.random() * 1e8)}`,
    citizenship_issue_district_id: 27,
    phone: '9841234567',
    email: '',
    province_id: 3,
    district_id: 27,
    local_level_id: 307,
    ward_number: 32,
    permanent_address: 'Naxal',
    membership_type: 'general',
    is_active: '1',
    ...overrides,
  }
}

/**
 * A new staff member of the party with the role, signed in on the party's
 * host: the agent to browse with and the user row.
 */
export async function signedInStaff(
  tenant: Tenant,
  role: StaffRole,
  overrides: Parameters<typeof makeStaff>[2] = {}
) {
  const { user, email, password } = await makeStaff(tenant, role, overrides)
  const agent = new PortalAgent(portalHost(tenant))
  const login = await agent.login(email, password)
  if (login.location !== '/dashboard') throw new Error(`${role} could not sign in`)
  return { agent, user }
}
