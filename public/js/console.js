/*
 * Alpine components of the super-admin console. Loaded before Alpine
 * (both deferred), registered on alpine:init. Texts come from the page
 * (data attributes rendered from the lang files), never from here.
 */
document.addEventListener('alpine:init', () => {
  const Alpine = window.Alpine

  /**
   * The provisioning wizard: four steps over one form, a live slug check,
   * module dependencies ticked automatically.
   */
  Alpine.data('tenantWizard', (config) => ({
    step: config.step || 1,
    submitting: false,
    name: config.name || '',
    slug: config.slug || '',
    slugEdited: Boolean(config.slug),
    slugState: { checking: false, available: null, message: '', host: '' },
    template: config.template || '',
    modules: config.modules || [],
    dependsOn: config.dependsOn || {},
    timer: null,

    init() {
      if (this.slug) this.checkSlug()
      this.$watch('name', (value) => {
        if (this.slugEdited) return
        this.slug = value
          .toLowerCase()
          .normalize('NFKD')
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 40)
        this.queueSlugCheck()
      })
    },

    editSlug() {
      this.slugEdited = true
      this.queueSlugCheck()
    },

    queueSlugCheck() {
      clearTimeout(this.timer)
      this.timer = setTimeout(() => this.checkSlug(), 250)
    },

    async checkSlug() {
      if (!this.slug) {
        this.slugState = { checking: false, available: null, message: '', host: '' }
        return
      }
      this.slugState.checking = true
      const asked = this.slug
      try {
        const response = await fetch(`${config.slugCheckUrl}?slug=${encodeURIComponent(asked)}`, {
          headers: { Accept: 'application/json' },
        })
        const body = await response.json()
        if (asked !== this.slug) return
        this.slugState = {
          checking: false,
          available: response.ok ? body.available : false,
          message: body.message || '',
          host: body.host || '',
        }
      } catch {
        this.slugState = { checking: false, available: null, message: '', host: '' }
      }
    },

    toggleModule(name, checked) {
      const selected = new Set(this.modules)
      if (checked) {
        const add = (module) => {
          selected.add(module)
          for (const dependency of this.dependsOn[module] || []) add(dependency)
        }
        add(name)
      } else {
        const remove = (module) => {
          selected.delete(module)
          for (const [other, dependencies] of Object.entries(this.dependsOn)) {
            if (selected.has(other) && dependencies.includes(module)) remove(other)
          }
        }
        remove(name)
      }
      this.modules = [...selected]
    },

    requiredBy(name) {
      return Object.entries(this.dependsOn)
        .filter(
          ([other, dependencies]) => this.modules.includes(other) && dependencies.includes(name)
        )
        .map(([other]) => other)
    },

    canLeave(step) {
      if (step === 1) return this.name.trim().length >= 2 && this.slugState.available === true
      if (step === 2) return Boolean(this.template)
      return true
    },

    next() {
      if (this.canLeave(this.step)) this.step = Math.min(4, this.step + 1)
    },

    back() {
      this.step = Math.max(1, this.step - 1)
    },
  }))

  /**
   * Live provisioning progress. Server-sent events (transmit, on the
   * tenant's progress channel) move the bar and the stage list as the job
   * reports; when they cannot be had (no EventSource, the client module
   * does not load, the subscription is refused, the stream drops) the page
   * polls the landlord-backed progress endpoint instead. Either way it
   * stops once the tenant is active or has failed for good.
   */
  Alpine.data('provisioningProgress', (config) => {
    // Outside the reactive state: Alpine's proxy cannot reach the client's private fields.
    let transmit = null
    return {
      state: config.initial,
      now: Date.now(),
      poller: null,
      ticker: null,
      fallback: null,
      /** How the page hears of progress: connecting, sse or polling (tests read it). */
      live: 'connecting',
      /** Progress events received over server-sent events (tests read it). */
      events: 0,
      finished: false,

      init() {
        if (this.state.settled) return
        this.ticker = setInterval(() => (this.now = Date.now()), 1000)
        // No subscription within a few seconds: poll meanwhile (SSE still stops it if it comes).
        this.fallback = setTimeout(() => this.poll(), config.live?.fallbackMs ?? 5000)
        this.listen().catch(() => this.poll())
      },

      destroy() {
        this.stopPolling()
        clearInterval(this.ticker)
        clearTimeout(this.fallback)
        transmit?.close()
      },

      async listen() {
        if (!config.live || typeof window.EventSource === 'undefined') throw new Error('no SSE')
        const { Transmit } = await import(config.live.client)
        transmit = new Transmit({
          baseUrl: window.location.origin,
          maxReconnectAttempts: 5,
          beforeSubscribe: (request) => request.headers.set('X-CSRF-TOKEN', config.live.csrfToken),
          onSubscribeFailed: () => {
            transmit?.close()
            this.poll()
          },
          onSubscription: () => {
            this.live = 'sse'
            this.stopPolling()
            clearTimeout(this.fallback)
            // Whatever happened before the subscription (or while reconnecting).
            this.refresh()
          },
          onReconnectFailed: () => this.poll(),
        })
        // While the stream is down events are lost: poll until it is back and resubscribed.
        transmit.on('reconnecting', () => this.poll())
        const subscription = transmit.subscription(config.live.channel)
        subscription.onMessage((event) => this.apply(event))
        await subscription.create()
      },

      /** Merges one event of the job into the state (same shape as the JSON endpoint). */
      apply(event) {
        if (!event || event.job !== config.live.job) return
        // Run ids are bigints: the JSON endpoint sends them as strings.
        if (this.state.run && event.runId < Number(this.state.run.id)) return
        this.events++
        const next = { ...this.state }
        if (event.run) next.run = event.run
        else if (!next.run || Number(next.run.id) !== event.runId) next.run = { id: event.runId }
        if (event.tenant) next.tenant = event.tenant
        if (event.progress) {
          next.progress = {
            ...event.progress,
            percent: event.progress.percent ?? next.progress.percent,
          }
        }
        if (next.tenant.status === 'active') next.progress = { ...next.progress, percent: 100 }
        const finished = ['completed', 'failed'].includes(next.run.status)
        next.settled =
          next.tenant.status === 'active' || (next.tenant.status === 'failed' && finished)
        this.state = next
        if (next.settled) this.finish()
      },

      poll() {
        if (this.poller || this.state.settled) return
        this.live = 'polling'
        this.poller = setInterval(() => this.refresh(), config.intervalMs || 1000)
      },

      stopPolling() {
        clearInterval(this.poller)
        this.poller = null
      },

      async refresh() {
        try {
          const response = await fetch(config.url, { headers: { Accept: 'application/json' } })
          if (!response.ok) return
          this.state = await response.json()
          if (this.state.settled) this.finish()
        } catch {
          // A missed poll is retried on the next tick.
        }
      },

      finish() {
        if (this.finished) return
        this.finished = true
        this.destroy()
        // The page's actions and history depend on the outcome: show them.
        window.location.reload()
      },

      stageState(stage) {
        const order = config.stages
        const current = order.indexOf(this.state.progress.stage)
        const index = order.indexOf(stage)
        if (this.state.tenant.status === 'active') return 'done'
        if (current === -1) return 'todo'
        if (index < current) return 'done'
        if (index === current) return this.state.tenant.status === 'failed' ? 'failed' : 'current'
        return 'todo'
      },

      elapsed() {
        const run = this.state.run
        if (!run || !run.startedAt) return ''
        const end = run.finishedAt ? Date.parse(run.finishedAt) : this.now
        const seconds = Math.max(0, Math.round((end - Date.parse(run.startedAt)) / 1000))
        return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
      },
    }
  })
})
