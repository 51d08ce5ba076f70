/**
 * The part of autocannon (no published types for v9) that http_client.ts uses.
 */
declare module 'autocannon' {
  interface RequestData {
    method?: string
    path?: string
    headers: Record<string, string>
  }
  interface Histogram {
    average: number
    total: number
    p50: number
    p99: number
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats: Record<string, { count: number }>
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    requests?: { setupRequest?: (req: RequestData) => RequestData }[]
  }
  export default function autocannon(options: Options): Promise<Result>
}
