import { test } from '@japa/runner'
import { fromSpreadsheetSafeText, spreadsheetSafeText } from '#support/spreadsheet_cells'

test.group('CSV cells opened in spreadsheets', () => {
  test('text a spreadsheet would run as a formula gets an apostrophe', ({ assert }) => {
    for (const formula of ['=1+2', '@SUM(A1)', '+cmd|x', '-2+3+cmd', '\t=1', '\r=1']) {
      assert.equal(spreadsheetSafeText(formula), `'${formula}`, formula)
    }
  })

  test('phone numbers, signed amounts and ordinary text stay as they are', ({ assert }) => {
    for (const plain of ['+9779812345678', '-12.50', '+977 1 4412345', 'राम = श्याम', 'a=b', '']) {
      assert.equal(spreadsheetSafeText(plain), plain, plain)
    }
  })

  test('reading back undoes exactly what writing added', ({ assert }) => {
    for (const value of ['=1+2', '@x', '+cmd|x', "'quoted", "'+977", 'plain', '+9779812345678']) {
      assert.equal(fromSpreadsheetSafeText(spreadsheetSafeText(value)), value, value)
    }
  })
})
