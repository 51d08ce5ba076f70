/**
 * Parsing of the db-server:* flags: each returns the value or the reason it
 * is not acceptable, so a command reports one clear line.
 */

const SERVER_NAME = /^[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?$/

export type Parsed<T> = { value: T; error?: undefined } | { value?: undefined; error: string }

export function parseServerName(name: string | undefined): Parsed<string> {
  if (!name || !SERVER_NAME.test(name)) {
    return {
      error:
        'The server name must be 1–40 lowercase letters, digits, hyphens or underscores, ' +
        'starting and ending with a letter or digit',
    }
  }
  return { value: name }
}

/** A whole number between min and max written in ASCII digits (no sign, no exponent). */
export function parseWholeNumber(
  flag: string,
  raw: string | undefined,
  min: number,
  max: number
): Parsed<number> {
  const text = (raw ?? '').trim()
  const value = Number(text)
  if (!/^\d{1,9}$/.test(text) || value < min || value > max) {
    return { error: `--${flag} must be a whole number from ${min} to ${max} (got "${raw ?? ''}")` }
  }
  return { value }
}

export function parseHost(raw: string | undefined): Parsed<string> {
  const host = (raw ?? '').trim()
  if (!/^[A-Za-z0-9.:[\]_-]{1,255}$/.test(host)) {
    return { error: `--host must be a host name or IP address (got "${raw ?? ''}")` }
  }
  return { value: host }
}

export function parseYesNo(flag: string, raw: string | undefined): Parsed<boolean> {
  const text = (raw ?? '').trim().toLowerCase()
  if (['yes', 'true', '1', 'on'].includes(text)) return { value: true }
  if (['no', 'false', '0', 'off'].includes(text)) return { value: false }
  return { error: `--${flag} must be yes or no (got "${raw ?? ''}")` }
}
