import { adToBs, bsMonthName, nepalCalendarDate } from '#party/calendar/bikram_sambat'
import { toDevanagariDigits } from '#party/calendar/nepali_format'

export interface MonthBar {
  /** `Mangsir 2082` / `मंसिर २०८२` */
  label: string
  total: number
}

/**
 * New members per Bikram Sambat month for the `months` months up to and
 * including the current one (in Nepal), from counts per membership date.
 */
export function membersPerBsMonth(
  perDay: Array<{ day: string; total: number }>,
  locale: 'en' | 'ne',
  months = 12,
  today = nepalCalendarDate()
): MonthBar[] {
  const current = adToBs(today)
  const keys: Array<{ year: number; month: number }> = []
  for (let back = months - 1; back >= 0; back--) {
    const index = current.year * 12 + (current.month - 1) - back
    keys.push({ year: Math.floor(index / 12), month: (index % 12) + 1 })
  }
  const totals = new Map(keys.map((key) => [`${key.year}-${key.month}`, 0]))
  for (const { day, total } of perDay) {
    const bs = adToBs(new Date(`${day}T00:00:00Z`))
    const key = `${bs.year}-${bs.month}`
    if (totals.has(key)) totals.set(key, totals.get(key)! + Number(total))
  }
  return keys.map(({ year, month }) => ({
    label: `${bsMonthName(month, locale)} ${locale === 'ne' ? toDevanagariDigits(year) : year}`,
    total: totals.get(`${year}-${month}`)!,
  }))
}
