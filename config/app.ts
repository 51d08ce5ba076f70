import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'
import { parseTrustedProxies, trustProxyFor } from '#support/trusted_proxies'

/**
 * HTTP server settings.
 */
export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: false,
  // X-Forwarded-* would let any client choose its IP and host: only listed proxies count.
  trustProxy: trustProxyFor(parseTrustedProxies(env.get('TRUSTED_PROXIES'))),
  // No `domain`: cookies are host-only, a console cookie never reaches a party's host.
  cookie: {
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})

/**
 * Public URL of the app, used in printed links.
 */
export const appUrl = env.get('APP_URL') ?? `http://${env.get('HOST')}:${env.get('PORT')}`
