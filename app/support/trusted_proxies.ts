import proxyaddr from 'proxy-addr'

/** Names proxy-addr accepts besides addresses and CIDR ranges. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal']

/**
 * Splits a `TRUSTED_PROXIES` value into its entries (comma or space separated).
 */
export function parseTrustedProxies(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean)
}

/**
 * Throws a message naming the first entry that is not an IP address, a CIDR
 * range or one of proxy-addr's named ranges.
 */
export function assertTrustedProxies(entries: string[]) {
  for (const entry of entries) {
    if (NAMED_RANGES.includes(entry)) continue
    try {
      proxyaddr.compile(entry)
    } catch {
      throw new Error(
        `"${entry}" is not an IP address or CIDR range (examples: 10.0.0.5, 10.0.0.0/8, ` +
          `fd00::/8, loopback)`
      )
    }
  }
}

/**
 * The `trustProxy` test for the HTTP server: X-Forwarded-For/-Host/-Proto
 * count only when the connecting address is one of the entries. No entries:
 * nobody is trusted, the socket address and Host header are used as sent.
 */
export function trustProxyFor(entries: string[]): (address: string, hop: number) => boolean {
  if (entries.length === 0) return () => false
  return proxyaddr.compile(entries)
}
