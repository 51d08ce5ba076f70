/*
|--------------------------------------------------------------------------
| Edge globals
|--------------------------------------------------------------------------
*/
import edge from 'edge.js'
import { DateTime } from 'luxon'
import { cacheEdgeComponentList, cacheEdgePartials } from '#support/edge_render_caches'

cacheEdgePartials(edge)
cacheEdgeComponentList(edge)

/**
 * A date (and time) in the reader's locale; an em dash when there is none.
 */
edge.global(
  'formatDate',
  (value: DateTime | Date | string | null | undefined, locale: string, withTime = false) => {
    if (!value) return '—'
    const date =
      value instanceof DateTime
        ? value
        : value instanceof Date
          ? DateTime.fromJSDate(value)
          : DateTime.fromISO(value)
    if (!date.isValid) return '—'
    return date
      .setLocale(locale)
      .toLocaleString(
        withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }
      )
  }
)
