import { NEPAL_UTC_OFFSET_MINUTES } from '#party/calendar/bikram_sambat'

const OFFSET_MS = NEPAL_UTC_OFFSET_MINUTES * 60_000
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

/**
 * A wall-clock time in Nepal as a browser's datetime-local input sends it
 * (`2079-08-04T09:30` style, AD) → the instant; null when it is not a real
 * date and time.
 */
export function nepalLocalToInstant(value: string): Date | null {
  const match = LOCAL.exec(value.trim())
  if (!match) return null
  const [year, month, day, hour, minute] = match.slice(1).map(Number)
  if (hour > 23 || minute > 59) return null
  const utc = Date.UTC(year, month - 1, day, hour, minute)
  const check = new Date(utc)
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null
  return new Date(utc - OFFSET_MS)
}

/** The instant as Nepal wall-clock time, `YYYY-MM-DDTHH:mm` (for datetime-local inputs). */
export function instantToNepalLocal(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 16)
}
