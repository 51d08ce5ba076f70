import { test } from '@japa/runner'
import { hashResetToken } from '#party/staff/password_reset'

test.group('Password reset | stored token hash', () => {
  test('the table stores the SHA-256 of the token, as lowercase hex', ({ assert }) => {
    // FIPS 180-2 test vector: SHA-256("abc").
    assert.equal(
      hashResetToken('abc'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    )
    const token = 'q3J9v0mX8sQw1zYtK4bN7cR2eU5hL6pA9dF0gH3jK1M'
    assert.match(hashResetToken(token), /^[0-9a-f]{64}$/)
    assert.equal(hashResetToken(token), hashResetToken(token))
    assert.notEqual(hashResetToken(token), hashResetToken(`${token.slice(0, -1)}N`))
  })

  test('the token is hashed as UTF-8 text', ({ assert }) => {
    // SHA-256 of the UTF-8 bytes e0 a4 95 ("क"); latin1 or utf16 would differ.
    assert.equal(
      hashResetToken('क'),
      '241cc83868d907f03e63b88c7fee1d0fa2c5ce1884d34cb14361bd99f2f2a114'
    )
  })
})
