import { test } from '@japa/runner'
import {
  basisPointsText,
  canMoveTo,
  ceilingStatus,
  constituencyKey,
  expenseStatementDeadline,
  nextStatuses,
  votePercentBasisPoints,
} from '#party/campaigns/campaign_rules'
import { instantToNepalLocal, nepalLocalToInstant } from '#party/campaigns/nepal_time'

const RS = (rupees: number) => BigInt(rupees) * 100n

test.group('Campaign rules: spending against the ceiling', () => {
  test('exactly the warning share warns; one paisa less does not', ({ assert }) => {
    const ceiling = RS(2_500_000)
    assert.equal(ceilingStatus(RS(2_000_000) - 1n, ceiling, 80).level, 'ok')
    assert.equal(ceilingStatus(RS(2_000_000), ceiling, 80).level, 'warning')
    // A ceiling whose 80 % is not a whole paisa: 80 % of 3 paisa is 2.4 paisa.
    assert.equal(ceilingStatus(2n, 3n, 80).level, 'ok')
    assert.equal(ceilingStatus(3n, 3n, 80).level, 'warning')
  })

  test('the ceiling itself is a warning; one paisa above is over', ({ assert }) => {
    const ceiling = RS(200_000)
    assert.equal(ceilingStatus(ceiling, ceiling, 80).level, 'warning')
    const over = ceilingStatus(ceiling + 1n, ceiling, 80)
    assert.equal(over.level, 'over')
    assert.equal(over.remainingPaisa, -1n)
  })

  test('no ceiling recorded is its own state, never ok', ({ assert }) => {
    assert.deepEqual(ceilingStatus(RS(10), null, 80), {
      level: 'no_ceiling',
      basisPoints: null,
      remainingPaisa: null,
    })
  })

  test('the share is in hundredths of a percent, rounded down', ({ assert }) => {
    assert.equal(ceilingStatus(RS(2_000_000) - 1n, RS(2_500_000), 80).basisPoints, 7999n)
    assert.equal(ceilingStatus(RS(2_000_000), RS(2_500_000), 80).basisPoints, 8000n)
    assert.equal(basisPointsText(7999n), '79.99')
    assert.equal(basisPointsText(8000n), '80.00')
    assert.equal(basisPointsText(5n), '0.05')
  })

  test('the warning share must be a whole percent from 1 to 100', ({ assert }) => {
    assert.throws(() => ceilingStatus(1n, 10n, Number.NaN), /Warning percent/)
    assert.throws(() => ceilingStatus(1n, 10n, 0), /Warning percent/)
    assert.throws(() => ceilingStatus(1n, 10n, 80.5), /Warning percent/)
    assert.throws(() => ceilingStatus(1n, 0n, 80), /above zero/)
  })
})

test.group('Campaign rules: vote share', () => {
  test('rounded half up, exact for large counts; none for no votes', ({ assert }) => {
    assert.isNull(votePercentBasisPoints(0, 0))
    assert.equal(votePercentBasisPoints(0, 5), 0n)
    assert.equal(votePercentBasisPoints(1, 3), 3333n)
    assert.equal(votePercentBasisPoints(2, 3), 6667n)
    assert.equal(votePercentBasisPoints(1, 8), 1250n)
    // 1/80000 = 0.00125 % → 0.125 hundredths, rounds to 0; 4/80000 = 0.5 hundredths → 1.
    assert.equal(votePercentBasisPoints(1, 80_000), 0n)
    assert.equal(votePercentBasisPoints(4, 80_000), 1n)
    assert.equal(votePercentBasisPoints(100, 100), 10_000n)
  })

  test('refuses negative, fractional or impossible counts', ({ assert }) => {
    assert.throws(() => votePercentBasisPoints(-1, 10), /negative/)
    assert.throws(() => votePercentBasisPoints(11, 10), /exceed/)
    assert.throws(() => votePercentBasisPoints(Number.NaN, 10), /whole/)
    assert.throws(() => votePercentBasisPoints(1.5, 10), /whole/)
  })
})

test.group('Campaign rules: nomination workflow and deadlines', () => {
  test('moves along the workflow only', ({ assert }) => {
    assert.isTrue(canMoveTo('proposed', 'nominated'))
    assert.isFalse(canMoveTo('proposed', 'elected'))
    assert.isTrue(canMoveTo('nominated', 'elected'))
    assert.isFalse(canMoveTo('nominated', 'proposed'))
    assert.isTrue(canMoveTo('withdrawn', 'proposed'))
    assert.deepEqual(nextStatuses('rejected'), [])
    assert.isTrue(canMoveTo('elected', 'not_elected'))
  })

  test('constituencies match whatever their spacing or case', ({ assert }) => {
    assert.equal(constituencyKey(' Kathmandu - 1 '), 'kathmandu-1')
    assert.equal(constituencyKey('KATHMANDU-1'), constituencyKey('kathmandu-1'))
    assert.notEqual(constituencyKey('Kathmandu-1'), constituencyKey('Kathmandu-10'))
  })

  test('the statement is due N days after the results; days left from today in Nepal', ({
    assert,
  }) => {
    assert.deepEqual(expenseStatementDeadline('2022-12-08', 35, '2022-12-08'), {
      dueOn: '2023-01-12',
      daysLeft: 35,
    })
    assert.equal(expenseStatementDeadline('2022-12-08', 35, '2023-01-12').daysLeft, 0)
    assert.equal(expenseStatementDeadline('2022-12-08', 35, '2023-01-13').daysLeft, -1)
    assert.deepEqual(expenseStatementDeadline(null, 35, '2023-01-13'), {
      dueOn: null,
      daysLeft: null,
    })
  })

  test('event times are Nepal wall-clock times (UTC+05:45)', ({ assert }) => {
    assert.equal(nepalLocalToInstant('2022-11-15T00:30')!.toISOString(), '2022-11-14T18:45:00.000Z')
    assert.equal(instantToNepalLocal(new Date('2022-11-14T18:45:00Z')), '2022-11-15T00:30')
    assert.isNull(nepalLocalToInstant('2022-02-30T10:00'))
    assert.isNull(nepalLocalToInstant('2022-11-15T24:00'))
    assert.isNull(nepalLocalToInstant('NaN'))
  })
})

test.group('Campaign rules: edges a one-character bug would move', () => {
  test('a warning share of exactly 1 % or 100 % is allowed; 101 % is not', ({ assert }) => {
    assert.equal(ceilingStatus(1n, 100n, 1).level, 'warning')
    assert.equal(ceilingStatus(0n, 100n, 1).level, 'ok')
    assert.equal(ceilingStatus(100n, 100n, 100).level, 'warning')
    assert.equal(ceilingStatus(99n, 100n, 100).level, 'ok')
    assert.throws(() => ceilingStatus(1n, 10n, 101), /Warning percent/)
    assert.throws(() => ceilingStatus(1n, -10n, 80), /above zero/)
  })

  test('a negative total of valid votes is refused as negative', ({ assert }) => {
    assert.throws(() => votePercentBasisPoints(0, -1), /negative/)
    assert.throws(() => votePercentBasisPoints(-2, -1), /negative/)
  })

  test('shares as text: zero has no sign, a negative one keeps it', ({ assert }) => {
    assert.equal(basisPointsText(0n), '0.00')
    assert.equal(basisPointsText(-150n), '-1.50')
    assert.equal(basisPointsText(-5n), '-0.05')
    // Spending above the ceiling is more than 100 %.
    assert.equal(basisPointsText(ceilingStatus(120n, 100n, 80).basisPoints!), '120.00')
  })

  test('the whole nomination workflow, and nothing out of an unknown status', ({ assert }) => {
    assert.deepEqual(nextStatuses('proposed'), ['nominated', 'withdrawn', 'rejected'])
    assert.deepEqual(nextStatuses('nominated'), ['withdrawn', 'rejected', 'elected', 'not_elected'])
    assert.deepEqual(nextStatuses('withdrawn'), ['proposed'])
    assert.deepEqual(nextStatuses('elected'), ['not_elected'])
    assert.deepEqual(nextStatuses('not_elected'), ['elected'])
    // A status from a tampered form is no status: it may move nowhere.
    const bogus = 'bogus' as Parameters<typeof nextStatuses>[0]
    assert.deepEqual(nextStatuses(bogus), [])
    assert.isFalse(canMoveTo(bogus, 'elected'))
  })

  test('a malformed results date or today is refused, not a NaN deadline', ({ assert }) => {
    assert.throws(() => expenseStatementDeadline('2022-13-45', 35, '2023-01-12'), /Invalid date/)
    assert.throws(() => expenseStatementDeadline('2022-12-08', 35, 'today'), /Invalid date/)
  })

  test('Nepal wall-clock input: exact shape, last minute of the day, impossible months', ({
    assert,
  }) => {
    assert.equal(
      nepalLocalToInstant(' 2022-11-15T00:30 ')!.toISOString(),
      '2022-11-14T18:45:00.000Z'
    )
    assert.equal(nepalLocalToInstant('2022-11-15T23:59')!.toISOString(), '2022-11-15T18:14:00.000Z')
    assert.equal(nepalLocalToInstant('2022-11-15T23:00')!.toISOString(), '2022-11-15T17:15:00.000Z')
    assert.equal(nepalLocalToInstant('2022-11-15T10:59')!.toISOString(), '2022-11-15T05:14:00.000Z')
    for (const hostile of [
      '2022-11-15T10:60',
      '2022-11-15T99:00',
      '2022-13-01T10:00',
      '2022-00-10T10:00',
      '12022-11-15T10:00',
      '2022-11-15T10:305',
      '2022-11-15 10:30',
    ]) {
      assert.isNull(nepalLocalToInstant(hostile), hostile)
    }
  })
})
