import { test } from '@japa/runner'

test.group('Language switch', () => {
  test('serves English by default and Nepali from Accept-Language', async ({ client, assert }) => {
    const english = await client.get('/admin/login')
    assert.include(english.text(), '<html lang="en">')
    assert.include(english.text(), 'Super-admin sign in')

    const nepali = await client.get('/admin/login').header('Accept-Language', 'ne-NP,ne;q=0.9')
    assert.include(nepali.text(), '<html lang="ne">')
    assert.include(nepali.text(), 'सुपर-एडमिन साइन इन')
  })

  test('remembers the language picked in the switch', async ({ client, assert }) => {
    const response = await client
      .post('/locale')
      .form({ locale: 'ne' })
      .header('Referer', '/admin/login')
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertCookie('locale', 'ne')

    const page = await client.get('/admin/login').withCookie('locale', 'ne')
    assert.include(page.text(), 'सुपर-एडमिन साइन इन')
    assert.include(page.text(), 'संगठन')
  })

  test('ignores an unsupported language', async ({ client }) => {
    const response = await client
      .post('/locale')
      .form({ locale: 'fr' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertCookieMissing('locale')
  })
})
