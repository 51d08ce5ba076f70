/*
|--------------------------------------------------------------------------
| Edge globals
|--------------------------------------------------------------------------
*/
import edge from 'edge.js'
import { DateTime } from 'luxon'
import { cacheEdgeComponentList, cacheEdgePartials } from '#support/edge_render_caches'
import { NEPAL_TIME_ZONE } from '#party/calendar/bikram_sambat'

cacheEdgePartials(edge)
cacheEdgeComponentList(edge)

/**
 * A date (and time) in the reader's locale, in Nepal time (as the party
 * portals and the Election Commission's deadlines are) whatever zone the
 * server runs in; a time carries its zone (GMT+5:45). An em dash when there
 * is none.
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
    const nepal = date.setZone(NEPAL_TIME_ZONE).setLocale(locale)
    if (!withTime) return nepal.toLocaleString({ dateStyle: 'medium' })
    return nepal.toLocaleString({ ...DateTime.DATETIME_MED, timeZoneName: 'short' })
  }
)
