import { TenantConnectionLimitException } from '#tenancy/exceptions'

interface Waiter {
  grant: () => void
  timer?: NodeJS.Timeout
}

/**
 * A hard, FIFO counting semaphore: at most `size` holders at once; the rest
 * wait in arrival order and give up with TenantConnectionLimitException after
 * `acquireTimeoutMs`. Used to count physical database connections.
 */
export class ConnectionBudget {
  #inUse = 0
  #peak = 0
  #waiters: Waiter[] = []

  constructor(
    public readonly size: number,
    public readonly acquireTimeoutMs: number,
    /** Named in the timeout message, e.g. "admin database". */
    public readonly label: string
  ) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`A connection budget needs at least one slot (${label}: ${size})`)
    }
  }

  /**
   * Takes a slot (waiting FIFO when none is free) and returns its release
   * function; calling the release more than once frees the slot only once.
   */
  async acquire(): Promise<() => void> {
    if (this.#inUse < this.size && this.#waiters.length === 0) {
      this.#take()
      return this.#releaser()
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve }
      waiter.timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((other) => other !== waiter)
        reject(
          new TenantConnectionLimitException(
            `All ${this.size} ${this.label} connections stayed busy for ` +
              `${this.acquireTimeoutMs} ms; try again shortly`
          )
        )
      }, this.acquireTimeoutMs)
      this.#waiters.push(waiter)
    })
    return this.#releaser()
  }

  /**
   * Runs fn holding a slot; the slot is freed when fn settles.
   */
  async use<R>(fn: () => Promise<R>): Promise<R> {
    const release = await this.acquire()
    try {
      return await fn()
    } finally {
      release()
    }
  }

  stats() {
    return { size: this.size, inUse: this.#inUse, waiting: this.#waiters.length, peak: this.#peak }
  }

  #take() {
    this.#inUse++
    this.#peak = Math.max(this.#peak, this.#inUse)
  }

  #releaser() {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.#waiters.shift()
      if (next) {
        // The slot passes straight to the next waiter: the count never dips and rises again.
        clearTimeout(next.timer)
        next.grant()
      } else {
        this.#inUse--
      }
    }
  }
}
