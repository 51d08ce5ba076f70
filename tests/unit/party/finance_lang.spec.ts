import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import {
  EXPENDITURE_CATEGORIES,
  PAYMENT_METHODS,
  REPORT_INCOME_HEADS,
} from '#party/finance/finance_heads'

type Messages = { [key: string]: string | Messages }

async function load(locale: 'en' | 'ne', file: string): Promise<Messages> {
  return JSON.parse(await readFile(app.makePath(`resources/lang/${locale}/${file}.json`), 'utf8'))
}

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>()
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') flat.set(`${prefix}${key}`, value)
    else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) flat.set(inner, text)
  }
  return flat
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

test.group('Finance and audit log strings', () => {
  for (const file of ['reports', 'audit']) {
    test(`${file}.json: the same keys and placeholders in English and Nepali, Nepali in Devanagari`, async ({
      assert,
    }) => {
      const english = flatten(await load('en', file))
      const nepali = flatten(await load('ne', file))
      assert.deepEqual([...nepali.keys()].sort(), [...english.keys()].sort())
      for (const [key, text] of english) {
        assert.deepEqual(placeholders(nepali.get(key)!), placeholders(text), key)
        if (!key.startsWith('csv_')) {
          assert.match(nepali.get(key)!, /[\u0900-\u097F]/, `${key} is written in Nepali`)
        }
      }
    })
  }

  test('every head, category and payment method has a name in both languages', async ({
    assert,
  }) => {
    for (const locale of ['en', 'ne'] as const) {
      const flat = flatten(await load(locale, 'reports'))
      for (const head of REPORT_INCOME_HEADS) assert.isTrue(flat.has(`income_heads.${head}`), head)
      for (const category of EXPENDITURE_CATEGORIES) {
        assert.isTrue(flat.has(`categories.${category}`), category)
      }
      for (const method of PAYMENT_METHODS)
        assert.isTrue(flat.has(`payment_methods.${method}`), method)
    }
  })
})
