import { readdirSync, readFileSync } from 'node:fs'
import { test } from '@japa/runner'
import {
  COMMITTEE_LEVELS,
  COMMITTEE_POSITIONS,
  COMMITTEE_TYPES,
  MAX_ID,
  isCommitteeType,
  parseCommitteeRef,
  parseId,
  positionRankSql,
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
    // Not text at all (a repeated query parameter arrives as an array).
    for (const hostile of [null, undefined, 12, ['district:1'], { type: 'district' }]) {
      assert.isNull(parseCommitteeRef(hostile), String(hostile))
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

/** The template migrations' source, by the table each one creates. */
function templateMigrations() {
  const folder = new URL(
    '../../../database/migrations/tenant/templates/political_party_nepal/',
    import.meta.url
  )
  const byTable = new Map<string, string>()
  for (const name of readdirSync(folder)) {
    const source = readFileSync(new URL(name, folder), 'utf8')
    const table = /tableName = '([a-z_]+)'/.exec(source)?.[1]
    if (table) byTable.set(table, source)
  }
  return byTable
}

test.group('Committee levels | match the template schema', () => {
  test('each level names the table, parent column and place column its migration creates', ({
    assert,
  }) => {
    const migrations = templateMigrations()
    for (const type of COMMITTEE_TYPES) {
      const level = COMMITTEE_LEVELS[type]
      assert.equal(level.type, type)
      assert.equal(level.table, `${type}_committees`)
      const source = migrations.get(level.table)
      assert.isDefined(source, `no migration creates ${level.table}`)
      if (level.parentType === null) {
        assert.isNull(level.parentColumn, type)
      } else {
        assert.equal(level.parentColumn, `${level.parentType}_committee_id`)
        assert.include(source!, `integer('${level.parentColumn}')`, type)
        assert.include(source!, `.inTable('${COMMITTEE_LEVELS[level.parentType].table}')`, type)
      }
      if (level.placeTable !== null) {
        assert.include(source!, `integer('${level.placeColumn}')`, type)
        assert.include(source!, `.inTable('${level.placeTable}')`, type)
      }
    }
    assert.equal(COMMITTEE_LEVELS.central.placeColumn, null)
    assert.equal(COMMITTEE_LEVELS.ward.placeColumn, 'ward_number')
    assert.include(migrations.get('ward_committees')!, "smallint('ward_number')")
    assert.equal(COMMITTEE_LEVELS.ward.placeTable, null)
    assert.deepEqual(
      COMMITTEE_TYPES.map((type) => COMMITTEE_LEVELS[type].placeTable),
      [null, 'provinces', 'districts', 'local_levels', null]
    )
  })

  test('positions are the committee_members.position enum, in rank order', ({ assert }) => {
    const source = templateMigrations().get('committee_members')!
    const enumValues = /\.enu\('position', \[([^\]]+)\]/.exec(source)![1]
    assert.deepEqual(
      [...enumValues.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]),
      [...COMMITTEE_POSITIONS]
    )
    assert.equal(COMMITTEE_POSITIONS[0], 'chairperson')
    assert.equal(
      positionRankSql('cm.position'),
      `array_position(array['chairperson','senior_vice_chairperson','vice_chairperson',` +
        `'general_secretary','deputy_general_secretary','secretary','joint_secretary',` +
        `'treasurer','spokesperson','coordinator','member','alternate_member']::text[], cm.position::text)`
    )
  })

  test('a committee type is one of the five levels, as a string', ({ assert }) => {
    for (const type of COMMITTEE_TYPES) assert.isTrue(isCommitteeType(type), type)
    for (const hostile of ['Central', 'wards', '', ' ward', 1, null, undefined, ['ward']]) {
      assert.isFalse(isCommitteeType(hostile), String(hostile))
    }
  })
})
