import { test } from '@japa/runner'
import type { TranslationsFormatterContract } from '@adonisjs/i18n/types'
import { MemoizedFormatter } from '#support/memoized_formatter'

class CountingFormatter implements TranslationsFormatterContract {
  name = 'counting'
  calls = 0
  format(message: string, locale: string, data?: Record<string, any>) {
    this.calls++
    return `${locale}:${message}:${JSON.stringify(data ?? {})}`
  }
}

test.group('MemoizedFormatter', () => {
  test('formats a message without values once per locale', ({ assert }) => {
    const inner = new CountingFormatter()
    const formatter = new MemoizedFormatter(inner)
    assert.equal(formatter.format('Members', 'en'), 'en:Members:{}')
    assert.equal(formatter.format('Members', 'en', {}), 'en:Members:{}')
    assert.equal(inner.calls, 1)
    assert.equal(formatter.format('Members', 'ne'), 'ne:Members:{}')
    assert.equal(inner.calls, 2)
    assert.equal(formatter.name, 'counting')
  })

  test('a message with values is formatted every time', ({ assert }) => {
    const inner = new CountingFormatter()
    const formatter = new MemoizedFormatter(inner)
    assert.equal(formatter.format('{n} members', 'en', { n: 1 }), 'en:{n} members:{"n":1}')
    assert.equal(formatter.format('{n} members', 'en', { n: 2 }), 'en:{n} members:{"n":2}')
    assert.equal(inner.calls, 2)
  })

  test('the memo is bounded', ({ assert }) => {
    const inner = new CountingFormatter()
    const formatter = new MemoizedFormatter(inner, 2)
    formatter.format('a', 'en')
    formatter.format('b', 'en')
    formatter.format('c', 'en')
    formatter.format('c', 'en')
    assert.equal(inner.calls, 3)
    formatter.format('a', 'en')
    assert.equal(inner.calls, 4, 'dropped when full, formatted again')
  })
})
