import { configProvider } from '@adonisjs/core'
import type { ConfigProvider } from '@adonisjs/core/types'
import type { HttpContext } from '@adonisjs/core/http'
import type {
  SessionData,
  SessionStoreContract,
  SessionStoreFactory,
} from '@adonisjs/session/types'

/**
 * A session store seen through one host: every key is prefixed with the
 * host the request came to, so a session id made on one host does not exist
 * on any other (the console's cookie replayed on a party's host, or one
 * party's on another's, reads an empty session and can destroy nothing).
 */
export class HostBoundSessionStore implements SessionStoreContract {
  constructor(
    protected store: SessionStoreContract,
    protected host: string
  ) {}

  key(sessionId: string) {
    return `${this.host}|${sessionId}`
  }

  read(sessionId: string): Promise<SessionData | null> | SessionData | null {
    return this.store.read(this.key(sessionId))
  }

  write(sessionId: string, values: SessionData): Promise<void> | void {
    return this.store.write(this.key(sessionId), values)
  }

  destroy(sessionId: string): Promise<void> | void {
    return this.store.destroy(this.key(sessionId))
  }

  touch(sessionId: string): Promise<void> | void {
    return this.store.touch(this.key(sessionId))
  }
}

/**
 * The host a session belongs to: the request's host name, lower-cased
 * (X-Forwarded-Host counts only from TRUSTED_PROXIES).
 */
export function sessionHost(ctx: HttpContext) {
  return (ctx.request.hostname() ?? '').toLowerCase().replace(/\.$/, '')
}

/**
 * Wraps a session store so its sessions belong to the host they were made on.
 */
export function hostBound(
  store: ConfigProvider<SessionStoreFactory>
): ConfigProvider<SessionStoreFactory> {
  return configProvider.create(async (app) => {
    const factory = await store.resolver(app)
    return (ctx, config) => new HostBoundSessionStore(factory(ctx, config), sessionHost(ctx))
  })
}
