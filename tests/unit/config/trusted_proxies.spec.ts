import { test } from '@japa/runner'
import { IncomingMessage } from 'node:http'
import { Socket } from 'node:net'
import { RequestFactory } from '@adonisjs/core/factories/http'
import { http } from '#config/app'
import { parseTrustedProxies, trustProxyFor } from '#support/trusted_proxies'

/**
 * A request arriving from `remoteAddress` carrying forwarded headers.
 */
function requestFrom(remoteAddress: string, trustProxy: (address: string, hop: number) => boolean) {
  const socket = new Socket()
  Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress })
  const req = new IncomingMessage(socket)
  req.headers = {
    'host': 'demo.sangathan.test',
    'x-forwarded-for': '203.0.113.9',
    'x-forwarded-host': 'localhost',
    'x-forwarded-proto': 'https',
  }
  return new RequestFactory().merge({ req, config: { trustProxy } }).create()
}

test.group('Trusted proxies', () => {
  test('with no TRUSTED_PROXIES, forwarded headers from anyone are ignored', ({ assert }) => {
    const request = requestFrom('127.0.0.1', trustProxyFor(parseTrustedProxies('')))
    assert.equal(request.ip(), '127.0.0.1')
    assert.equal(request.hostname(), 'demo.sangathan.test')
    assert.equal(request.protocol(), 'http')
  })

  test('the app config trusts nobody by default', ({ assert }) => {
    const request = requestFrom('10.0.0.5', http.trustProxy as (a: string, h: number) => boolean)
    assert.equal(request.ip(), '10.0.0.5')
    assert.equal(request.hostname(), 'demo.sangathan.test')
  })

  test('a listed proxy is believed; an address outside the list is not', ({ assert }) => {
    const trust = trustProxyFor(parseTrustedProxies('10.0.0.0/8, 192.168.1.7'))

    const viaProxy = requestFrom('10.1.2.3', trust)
    assert.equal(viaProxy.ip(), '203.0.113.9')
    assert.equal(viaProxy.hostname(), 'localhost')
    assert.equal(viaProxy.protocol(), 'https')

    assert.equal(requestFrom('192.168.1.7', trust).ip(), '203.0.113.9')

    const outsider = requestFrom('192.168.1.8', trust)
    assert.equal(outsider.ip(), '192.168.1.8')
    assert.equal(outsider.hostname(), 'demo.sangathan.test')
    assert.equal(outsider.protocol(), 'http')
  })
})
