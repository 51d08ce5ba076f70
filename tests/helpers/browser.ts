import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import type { Group } from '@japa/runner/core'
import { chromium, type Browser, type Page } from 'playwright-core'
import app from '@adonisjs/core/services/app'
import type Tenant from '#models/landlord/tenant'
import provisioner from '#tenancy/services/provisioner'
import { createTenant } from '#actions/tenants/create_tenant'
import { dropTenant } from '#tests/helpers/tenancy'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Whether Debian's chromium is installed (.ci/run installs it).
 */
export const hasChromium = existsSync(CHROMIUM_PATH)

/**
 * Launches headless Chromium with the flags this sandbox needs.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Party portals live on <slug>.<root>: send every such host to this machine.
      `--host-resolver-rules=MAP *.${process.env.TENANT_ROOT_DOMAIN} 127.0.0.1`,
    ],
  })
}

/**
 * Where browser tests save their screenshots.
 */
export async function screenshotPath(name: string) {
  const dir = app.makePath('tmp/screenshots')
  await mkdir(dir, { recursive: true })
  return `${dir}/${name}.png`
}

/**
 * Base URL of the HTTP server the test runner started.
 */
export function baseUrl() {
  return `http://${process.env.HOST}:${process.env.PORT}`
}

/**
 * Headless Chromium and one provisioned `political_party_nepal` party
 * ("Harmony Party") for a browser test group; `seed` fills the party after
 * provisioning. Both are closed and dropped when the group ends. Nothing is
 * started without Chromium (the group's tests skip themselves).
 */
export function browserParty(
  group: Group,
  options: { slug: string; modules?: string[]; seed?: (tenant: Tenant) => Promise<void> }
) {
  const state = {} as { browser: Browser; tenant: Tenant; home: string }
  group.setup(async () => {
    if (!hasChromium) return
    state.browser = await launchChromium()
    state.tenant = await createTenant({
      slug: `${options.slug}-${randomBytes(3).toString('hex')}`,
      name: 'Harmony Party',
      nameNe: 'सद्भाव पार्टी',
      template: 'political_party_nepal',
      modules: options.modules,
    })
    await provisioner.provision(state.tenant)
    state.home = `http://${state.tenant.slug}.${process.env.TENANT_ROOT_DOMAIN}:${process.env.PORT}`
    await options.seed?.(state.tenant)
  })
  group.teardown(async () => {
    await state.browser?.close()
    await dropTenant(state.tenant)
  })
  return state
}

/** Signs a staff member in through the party's login form; resolves on the dashboard. */
export async function signInStaff(page: Page, home: string, email: string, password: string) {
  await page.goto(`${home}/login`)
  await page.fill('#email', email)
  await page.fill('#password', password)
  await Promise.all([
    page.waitForURL(`${home}/dashboard`),
    page.click('button[type=submit].btn--primary'),
  ])
}
