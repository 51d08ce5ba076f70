import { randomUUID } from 'node:crypto'
import Tenant from '#models/landlord/tenant'
import Domain from '#models/landlord/domain'

/** What the invalidation needs of a pub/sub connection (Redis). */
export interface InvalidationChannel {
  publish(channel: string, message: string): Promise<unknown>
  subscribe(channel: string, handler: (message: string) => void): void
}

type Listener = () => void

/**
 * Tells host caches that tenants or domains changed: saving or deleting a
 * Tenant or Domain model notifies this process's listeners at once and,
 * with a channel (Redis), every other process's too, so a suspension made
 * in the console, a CLI command or a worker applies everywhere at once.
 */
export class HostCacheInvalidation {
  /** Tells this process's own messages apart from other processes'. */
  readonly processId = randomUUID()
  #listeners = new Set<Listener>()
  #watching = false
  #subscribed = false

  /**
   * `scope` names what the processes share (the landlord database): Redis
   * pub/sub ignores database numbers, so installations sharing a Redis server
   * must not hear each other.
   */
  constructor(
    protected channel?: InvalidationChannel,
    protected options: { scope?: string; onError?: (error: unknown) => void } = {}
  ) {}

  get channelName() {
    return `sangathan:tenancy:hosts-changed:${this.options.scope ?? 'default'}`
  }

  /**
   * Registers the model hooks (once per process).
   */
  watchModels() {
    if (this.#watching) return
    this.#watching = true
    const changed = () => this.changed()
    Tenant.after('save', changed)
    Tenant.after('delete', changed)
    Domain.after('save', changed)
    Domain.after('delete', changed)
  }

  /**
   * Calls `listener` on every change, local or from another process.
   * Returns a function that removes it.
   */
  onChange(listener: Listener) {
    this.#listeners.add(listener)
    if (this.channel && !this.#subscribed) {
      this.#subscribed = true
      this.channel.subscribe(this.channelName, (message) => {
        if (message !== this.processId) this.#notify()
      })
    }
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /**
   * Announces a change made outside the models (e.g. a query-builder update).
   */
  changed() {
    this.#notify()
    this.channel
      ?.publish(this.channelName, this.processId)
      .catch((error) => this.options.onError?.(error))
  }

  #notify() {
    for (const listener of this.#listeners) listener()
  }
}
