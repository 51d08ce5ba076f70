import { test } from '@japa/runner'
import { auditDeadlines } from '#party/donations/compliance'
import { bsMonthLength, bsToAd } from '#party/calendar/bikram_sambat'

test.group('Donations | audit deadlines (s.41)', () => {
  test('accounts of the year that ended in Asar are audited by Poush and submitted by Magh', ({
    assert,
  }) => {
    // 28 Nov 2026 = Mangsir 2083: FY 2082/83 ended on the last day of Asar 2083.
    const deadlines = auditDeadlines(new Date('2026-11-28T06:00:00Z'))
    assert.equal(deadlines.fiscalYear.label, '2082/83')
    assert.deepEqual(deadlines.auditBy, { year: 2083, month: 9, day: bsMonthLength(2083, 9) })
    assert.deepEqual(deadlines.submitBy, { year: 2083, month: 10, day: bsMonthLength(2083, 10) })
    const magh = bsToAd(deadlines.submitBy)
    const expected =
      (Date.UTC(magh.year, magh.month - 1, magh.day) - Date.UTC(2026, 10, 28)) / 86_400_000
    assert.equal(deadlines.submitDaysLeft, expected)
    assert.equal(deadlines.submitDaysLeft - deadlines.auditDaysLeft, bsMonthLength(2083, 10))
  })

  test('the last day of Magh has 0 days left, the next day is past it; Nepal time decides', ({
    assert,
  }) => {
    const lastOfMagh = bsToAd({ year: 2083, month: 10, day: bsMonthLength(2083, 10) })
    const noon = new Date(Date.UTC(lastOfMagh.year, lastOfMagh.month - 1, lastOfMagh.day, 6))
    assert.equal(auditDeadlines(noon).submitDaysLeft, 0)
    // 18:30 UTC is 00:15 the next day in Kathmandu.
    const justAfter = new Date(
      Date.UTC(lastOfMagh.year, lastOfMagh.month - 1, lastOfMagh.day, 18, 30)
    )
    assert.equal(auditDeadlines(justAfter).submitDaysLeft, -1)
  })

  test('from Shrawan 1 the year just ended is the one due', ({ assert }) => {
    const shrawan1 = bsToAd({ year: 2083, month: 4, day: 1 })
    // 00:30 on Shrawan 1 in Nepal is 18:45 UTC the day before.
    const instant = new Date(
      Date.UTC(shrawan1.year, shrawan1.month - 1, shrawan1.day) - 5.25 * 3600_000
    )
    assert.equal(auditDeadlines(instant).fiscalYear.label, '2082/83')
    const beforeMidnight = new Date(instant.getTime() - 3600_000)
    assert.equal(auditDeadlines(beforeMidnight).fiscalYear.label, '2081/82')
  })
})
