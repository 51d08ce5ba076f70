import { test } from '@japa/runner'
import tenancyConfig from '#config/tenancy'
import { InvalidTenantSlugException } from '#tenancy/exceptions'
import {
  assertSafeDatabaseName,
  assertValidSlug,
  databaseNameFor,
  quoteIdentifier,
  slugProblem,
} from '#tenancy/naming'

const reserved = tenancyConfig.reservedSlugs

test.group('Tenant slugs', () => {
  test('accepts lowercase letters, digits and single hyphens, 3 to 40 long', ({ assert }) => {
    for (const slug of ['uml', 'nepali-congress', 'cpn-uml-2079', 'a1b', '123', 'x'.repeat(40)]) {
      assert.isNull(slugProblem(slug, reserved), slug)
    }
    assert.doesNotThrow(() => assertValidSlug('rastriya-swatantra', reserved))
  })

  test('refuses slugs that are too short or too long', ({ assert }) => {
    assert.match(slugProblem('ab', reserved)!, /3–40 characters/)
    assert.match(slugProblem('a', reserved)!, /3–40 characters/)
    assert.match(slugProblem('', reserved)!, /3–40 characters/)
    assert.match(slugProblem('x'.repeat(41), reserved)!, /3–40 characters/)
  })

  test('refuses uppercase, underscores, dots, spaces and non-ASCII', ({ assert }) => {
    for (const slug of ['Nepali', 'NC-party', 'nepali_congress', 'party.np', 'my party', 'नेपाली']) {
      assert.isNotNull(slugProblem(slug, reserved), slug)
    }
  })

  test('refuses a leading or trailing hyphen and double hyphens', ({ assert }) => {
    assert.match(slugProblem('-party', reserved)!, /starting and ending with a letter or digit/)
    assert.match(slugProblem('party-', reserved)!, /starting and ending with a letter or digit/)
    assert.equal(slugProblem('nepal--party', reserved), 'must not contain two hyphens in a row')
  })

  test('refuses reserved subdomains: admin, www and the rest of the list', ({ assert }) => {
    assert.equal(slugProblem('admin', reserved), '"admin" is reserved')
    assert.equal(slugProblem('www', reserved), '"www" is reserved')
    for (const slug of ['api', 'mail', 'landlord', 'postgres']) {
      assert.equal(slugProblem(slug, reserved), `"${slug}" is reserved`)
    }
  })

  test('assertValidSlug throws E_INVALID_TENANT_SLUG naming the slug and the reason', ({
    assert,
  }) => {
    try {
      assertValidSlug('admin', reserved)
      assert.fail('expected a throw')
    } catch (error) {
      assert.instanceOf(error, InvalidTenantSlugException)
      assert.equal((error as InvalidTenantSlugException).code, 'E_INVALID_TENANT_SLUG')
      assert.equal((error as InvalidTenantSlugException).status, 422)
      assert.equal((error as Error).message, 'Invalid tenant slug "admin": "admin" is reserved')
    }
  })
})

test.group('Tenant database names', () => {
  test('prefix plus slug, hyphens as underscores', ({ assert }) => {
    assert.equal(databaseNameFor('nepali-congress', 'sangathan_t_'), 'sangathan_t_nepali_congress')
    assert.equal(databaseNameFor('uml', 'sangathan_test_t_'), 'sangathan_test_t_uml')
    assert.equal(
      databaseNameFor('cpn-uml-2079', tenancyConfig.databasePrefix),
      `${tenancyConfig.databasePrefix}cpn_uml_2079`
    )
  })

  test('the longest slug still fits PostgreSQL’s 63-character limit', ({ assert }) => {
    const name = databaseNameFor('x'.repeat(40), 'sangathan_test_t_')
    assert.lengthOf(name, 57)
  })

  test('refuses names that are not plain lowercase identifiers', ({ assert }) => {
    assert.throws(() => databaseNameFor('uml', 'Sangathan_'), /not a safe database name/)
    assert.throws(() => databaseNameFor('x'.repeat(40), 'p'.repeat(24)), /at most 63/)
    assert.throws(
      () => assertSafeDatabaseName('a"; drop database x; --'),
      InvalidTenantSlugException
    )
    assert.throws(() => assertSafeDatabaseName('1abc'), /not a safe database name/)
    assert.doesNotThrow(() => assertSafeDatabaseName('_tenant_1'))
  })

  test('quoteIdentifier double-quotes and escapes embedded quotes', ({ assert }) => {
    assert.equal(quoteIdentifier('tenant_db'), '"tenant_db"')
    assert.equal(quoteIdentifier('a"b'), '"a""b"')
  })
})
