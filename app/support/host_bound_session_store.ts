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
    protected host: string,
    protected touches?: RecentTouches
  ) {}

  key(sessionId: string) {
    return `${this.host}|${sessionId}`
  }

  read(sessionId: string): Promise<SessionData | null> | SessionData | null {
    return this.store.read(this.key(sessionId))
  }

  write(sessionId: string, values: SessionData): Promise<void> | void {
    const key = this.key(sessionId)
    this.touches?.mark(key)
    return this.store.write(key, values)
  }

  destroy(sessionId: string): Promise<void> | void {
    const key = this.key(sessionId)
    this.touches?.forget(key)
    return this.store.destroy(key)
  }

  /**
   * Extends the session's life; skipped when this process wrote or touched
   * it moments ago (RecentTouches), so reading pages is not a write each.
   */
  touch(sessionId: string): Promise<void> | void {
    const key = this.key(sessionId)
    if (this.touches && !this.touches.due(key)) return
    this.touches?.mark(key)
    return this.store.touch(key)
  }
}

/**
 * Sessions this process wrote or touched lately. The session middleware
 * touches the store on every request that changes nothing (an UPDATE in
 * the landlord database, an EXPIRE in Redis); once a minute per session is
 * enough for a two-hour lifetime: a session may then end up to `intervalMs`
 * before "two hours after the last request". Bounded: the least recently
 * marked session is forgotten first (it is then simply touched again).
 */
export class RecentTouches {
  #at = new Map<string, number>()

  constructor(
    public readonly intervalMs = 60_000,
    public readonly maxEntries = 10_000
  ) {}

  /** Whether the session should be touched now. */
  due(key: string, now = Date.now()) {
    const at = this.#at.get(key)
    return at === undefined || now - at >= this.intervalMs
  }

  mark(key: string, now = Date.now()) {
    this.#at.delete(key)
    this.#at.set(key, now)
    if (this.#at.size > this.maxEntries) this.#at.delete(this.#at.keys().next().value as string)
  }

  forget(key: string) {
    this.#at.delete(key)
  }

  get size() {
    return this.#at.size
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
 * Wraps a session store so its sessions belong to the host they were made on
 * (and are touched at most once a minute per process).
 */
export function hostBound(
  store: ConfigProvider<SessionStoreFactory>
): ConfigProvider<SessionStoreFactory> {
  return configProvider.create(async (app) => {
    const factory = await store.resolver(app)
    const touches = new RecentTouches()
    return (ctx, config) =>
      new HostBoundSessionStore(factory(ctx, config), sessionHost(ctx), touches)
  })
}
