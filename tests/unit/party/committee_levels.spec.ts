import { test } from '@japa/runner'
import {
  COMMITTEE_LEVELS,
  COMMITTEE_TYPES,
  MAX_ID,
  parseCommitteeRef,
  parseId,
} from '#party/committees/committee_levels'
import { refusalOf } from '#party/committees/committee_errors'

test.group('Committee levels', () => {
  test('ids from URLs and forms: positive integers that fit a PostgreSQL integer', ({ assert }) => {
    assert.equal(parseId('1'), 1)
    assert.equal(parseId(42), 42)
    assert.equal(parseId(String(MAX_ID)), MAX_ID)
    for (const hostile of [
      String(MAX_ID + 1),
      '99999999999',
      '0',
      '-1',
      '01',
      '1.5',
      '1e3',
      'NaN',
      '',
      ' 1',
      '१',
      null,
      undefined,
      ['1'],
    ]) {
      assert.isNull(parseId(hostile), String(hostile))
    }
  })

  test('a parent reference is `<level>:<id>`', ({ assert }) => {
    assert.deepEqual(parseCommitteeRef('local_level:12'), { type: 'local_level', id: 12 })
    for (const hostile of [
      'district',
      'district:',
      'district:0',
      'bogus:1',
      'district:1:2',
      ':1',
    ]) {
      assert.isNull(parseCommitteeRef(hostile), hostile)
    }
  })

  test('the levels form one chain from the central committee to the wards', ({ assert }) => {
    let type: (typeof COMMITTEE_TYPES)[number] | null = 'central'
    const chain: string[] = []
    while (type) {
      chain.push(type)
      const next: (typeof COMMITTEE_TYPES)[number] | null = COMMITTEE_LEVELS[type].childType
      if (next) assert.equal(COMMITTEE_LEVELS[next].parentType, type)
      type = next
    }
    assert.deepEqual(chain, [...COMMITTEE_TYPES])
  })

  test("the database's refusals map to the field and message they concern", ({ assert }) => {
    const refusal = (code: string, constraint: string) => refusalOf({ code, constraint })
    assert.deepEqual(refusal('23514', 'district_committees_district_in_province'), {
      field: 'place_id',
      key: 'district_not_in_province',
    })
    assert.deepEqual(refusal('23514', 'ward_committees_ward_number_in_local_level'), {
      field: 'place_id',
      key: 'ward_out_of_range',
    })
    assert.deepEqual(refusal('23505', 'ward_committees_one_active_per_ward'), {
      field: 'place_id',
      key: 'place_taken',
    })
    assert.deepEqual(refusal('23505', 'central_committees_one_active'), {
      field: 'committee',
      key: 'central_taken',
    })
    assert.deepEqual(refusal('23505', 'committee_members_one_current_seat'), {
      field: 'member_id',
      key: 'seat_taken',
    })
    assert.deepEqual(refusal('23503', 'district_committees_district_id_foreign'), {
      field: 'place_id',
      key: 'unknown_place',
    })
    assert.deepEqual(refusal('23514', 'ward_committees_links_check'), {
      field: 'committee',
      key: 'wrong_parent',
    })
    // Not ours to explain: other codes and constraints are rethrown.
    assert.isNull(refusal('23505', 'members_citizenship_unique'))
    assert.isNull(refusal('40001', 'committee_members_one_current_seat'))
    assert.isNull(refusalOf(new Error('boom')))
  })
})
