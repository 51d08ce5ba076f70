import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Admin from '#models/landlord/admin'
import { resetRateLimits } from '#tests/helpers/rate_limits'

async function createAdmin() {
  return Admin.create({
    fullName: 'Test Operator',
    email: 'operator@sangathan.test',
    password: 'correct-horse-battery',
  })
}

test.group('Admin login', (group) => {
  group.each.setup(() => testUtils.db('landlord').withGlobalTransaction())
  group.each.setup(() => resetRateLimits())

  test('shows the login form with a CSRF field', async ({ client, assert }) => {
    const response = await client.get('/admin/login')
    response.assertStatus(200)
    assert.include(response.text(), "name='_csrf'")
    assert.include(response.text(), 'Super-admin sign in')
  })

  test('sends guests from the dashboard to the login page', async ({ client }) => {
    const response = await client.get('/admin').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/admin/login')
  })

  test('logs in with the right password and shows the dashboard', async ({ client, assert }) => {
    const admin = await createAdmin()
    const response = await client
      .post('/admin/login')
      .form({ email: admin.email, password: 'correct-horse-battery' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/admin')

    const dashboard = await client.get('/admin').loginAs(admin)
    dashboard.assertStatus(200)
    assert.include(dashboard.text(), 'Welcome, Test Operator.')

    await admin.refresh()
    assert.isNotNull(admin.lastLoginAt)
  })

  test('refuses a wrong password with a message', async ({ client }) => {
    const admin = await createAdmin()
    const response = await client
      .post('/admin/login')
      .form({ email: admin.email, password: 'wrong-password' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('error', 'The email or password is incorrect.')
  })

  test('validates the form fields', async ({ client }) => {
    const response = await client
      .post('/admin/login')
      .form({ email: 'not-an-email', password: '' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('inputErrorsBag', {
      email: ['Enter a valid email address'],
      password: ['The password field is required'],
    })
  })

  test('locks the form after five failed attempts, even for the right password', async ({
    client,
  }) => {
    const admin = await createAdmin()
    for (let attempt = 0; attempt < 5; attempt++) {
      const failed = await client
        .post('/admin/login')
        .form({ email: admin.email, password: 'wrong-password' })
        .withCsrfToken()
        .redirects(0)
      failed.assertFlashMessage('error', 'The email or password is incorrect.')
    }

    const blocked = await client
      .post('/admin/login')
      .form({ email: admin.email, password: 'correct-horse-battery' })
      .withCsrfToken()
      .redirects(0)
    blocked.assertStatus(302)
    blocked.assertHeader('location', '/admin/login')
    blocked.assertFlashMessage('error', 'Too many failed attempts. Try again in 15 minutes.')
  })

  test('rejects a login post without a CSRF token', async ({ client, assert }) => {
    const admin = await createAdmin()
    const response = await client
      .post('/admin/login')
      .form({ email: admin.email, password: 'correct-horse-battery' })
      .redirects(0)
    assert.notEqual(response.header('location'), '/admin')
    const dashboard = await client.get('/admin').redirects(0)
    dashboard.assertStatus(302)
    dashboard.assertHeader('location', '/admin/login')
  })

  test('logs out', async ({ client }) => {
    const admin = await createAdmin()
    const response = await client.post('/admin/logout').loginAs(admin).withCsrfToken().redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/admin/login')
    response.assertFlashMessage('success', 'You have been logged out.')
  })
})
