import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { chromium, type Browser } from 'playwright-core'
import app from '@adonisjs/core/services/app'

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
