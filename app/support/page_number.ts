/** `?page=` as a page number from 1 to 10,000 (anything else is page 1). */
export function pageOf(value: unknown) {
  const page = Number(value)
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1
}
