import { test } from '@japa/runner'
import { changedValues } from '#party/audit/audit_trail'

test.group('Audit log | only what changed', () => {
  test('a changed field is recorded with both values; an unchanged one is left out', ({
    assert,
  }) => {
    const { oldValues, newValues } = changedValues(
      { name: 'Sita', ward: 4, amount: '25000.00' },
      { name: 'Sita', ward: 5, amount: '25000.00' }
    )
    assert.deepEqual(oldValues, { ward: 4 })
    assert.deepEqual(newValues, { ward: 5 })
  })

  test('nothing changed records nothing', ({ assert }) => {
    const row = { name: 'Sita', tags: ['a', 'b'], meta: { x: 1 } }
    assert.deepEqual(changedValues(row, { ...row, tags: ['a', 'b'], meta: { x: 1 } }), {
      oldValues: {},
      newValues: {},
    })
  })

  test('missing and null are one value; a field set or cleared is written as null', ({
    assert,
  }) => {
    // Absent before, null after: no change (a form that did not send a field).
    assert.deepEqual(changedValues({}, { phone: null }), { oldValues: {}, newValues: {} })
    assert.deepEqual(changedValues({ phone: null }, { phone: undefined }), {
      oldValues: {},
      newValues: {},
    })
    // Set for the first time: the old half says null, not undefined (JSON drops undefined).
    const set = changedValues({}, { phone: '9800000000' })
    assert.deepEqual(set, { oldValues: { phone: null }, newValues: { phone: '9800000000' } })
    assert.isNull(set.oldValues.phone)
    // Cleared: the new half says null.
    const cleared = changedValues({ phone: '9800000000' }, { phone: undefined })
    assert.deepEqual(cleared, { oldValues: { phone: '9800000000' }, newValues: { phone: null } })
    assert.isNull(cleared.newValues.phone)
  })

  test('values are compared as JSON: 0 and false and "" are real values, not missing', ({
    assert,
  }) => {
    assert.deepEqual(changedValues({ ward: 0 }, { ward: null }), {
      oldValues: { ward: 0 },
      newValues: { ward: null },
    })
    assert.deepEqual(changedValues({ active: true }, { active: false }), {
      oldValues: { active: true },
      newValues: { active: false },
    })
    assert.deepEqual(changedValues({ note: null }, { note: '' }), {
      oldValues: { note: null },
      newValues: { note: '' },
    })
    assert.deepEqual(changedValues({ ward: '5' }, { ward: 5 }), {
      oldValues: { ward: '5' },
      newValues: { ward: 5 },
    })
  })

  test('only the fields of the new snapshot are compared', ({ assert }) => {
    assert.deepEqual(changedValues({ name: 'Sita', secret: 'x' }, { name: 'Gita' }), {
      oldValues: { name: 'Sita' },
      newValues: { name: 'Gita' },
    })
  })
})
