import { test } from '@japa/runner'
import { membersPerBsMonth } from '#party/members/members_per_month'

test.group('New members per BS month', () => {
  // 28 November 2025 is 12 Mangsir 2082.
  const today = { year: 2025, month: 11, day: 28 }

  test('twelve BS months up to the current one, each counted in its own month', ({ assert }) => {
    const months = membersPerBsMonth(
      [
        { day: '2025-11-20', total: 3 }, // 4 Mangsir 2082
        { day: '2025-11-16', total: 1 }, // 30 Kartik 2082: the month before
        { day: '2025-10-01', total: 2 }, // 15 Ashwin 2082
        { day: '2024-12-01', total: 4 }, // 16 Mangsir 2081: before the window
      ],
      'en',
      12,
      today
    )
    assert.lengthOf(months, 12)
    assert.deepEqual(months[0], { label: 'Poush 2081', total: 0 })
    assert.deepEqual(months.at(-1), { label: 'Mangsir 2082', total: 3 })
    assert.deepEqual(months.at(-2), { label: 'Kartik 2082', total: 1 })
    assert.deepEqual(months.at(-3), { label: 'Ashwin 2082', total: 2 })
    assert.equal(
      months.reduce((sum, month) => sum + month.total, 0),
      6
    )
  })

  test('labels in Nepali with Devanagari years', ({ assert }) => {
    const months = membersPerBsMonth([], 'ne', 12, today)
    assert.equal(months.at(-1)!.label, 'मंसिर २०८२')
    assert.equal(months[0].label, 'पौष २०८१')
  })
})
