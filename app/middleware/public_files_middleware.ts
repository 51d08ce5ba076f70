import { readdirSync } from 'node:fs'
import { inject } from '@adonisjs/core'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import StaticMiddleware from '@adonisjs/static/static_middleware'

/**
 * Serves files of `public/` (`/css/app.css`, `/js/places.js`) and passes
 * every other request on without touching the disk.
 *
 * The static middleware alone looks each URL up in `public/` (a `stat` of
 * `public/members`, `public/dashboard`…) before the router sees it: about a
 * tenth of a millisecond of every page. Here it runs only for URLs whose
 * first segment names an entry of `public/`, read once (in production) or at
 * every miss (elsewhere, so a folder added during development is served).
 */
let entries: Set<string> | undefined

/** The names at the top of `public/`, read once unless `reload`. */
export function publicEntries(reload = false) {
  if (!entries || reload) {
    try {
      entries = new Set(readdirSync(app.publicPath()).filter((name) => !name.startsWith('.')))
    } catch {
      entries = new Set()
    }
  }
  return entries
}

@inject()
export default class PublicFilesMiddleware {
  constructor(protected files: StaticMiddleware) {}

  handle(ctx: HttpContext, next: NextFn) {
    const method = ctx.request.method()
    if (method !== 'GET' && method !== 'HEAD') return next()
    const first = decodeSegment(ctx.request.url().split('/')[1] ?? '')
    const known =
      publicEntries().has(first) || (!app.inProduction && publicEntries(true).has(first))
    return known ? this.files.handle(ctx, next) : next()
  }
}

function decodeSegment(segment: string) {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
