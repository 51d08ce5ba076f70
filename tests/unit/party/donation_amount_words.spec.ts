import { test } from '@japa/runner'
import {
  MAX_WORDS_PAISA,
  numberToEnglishWords,
  numberToNepaliWords,
  paisaToEnglishWords,
  paisaToNepaliWords,
} from '#party/donations/amount_in_words'
import { MAX_DONATION_PAISA } from '#party/donations/donation_amount'

test.group('Donation receipts | amounts in words', () => {
  test('English: rupees and paisa, South Asian grouping', ({ assert }) => {
    assert.equal(paisaToEnglishWords(3_000_050), 'Rupees thirty thousand and fifty paisa only')
    assert.equal(paisaToEnglishWords(3_000_000), 'Rupees thirty thousand only')
    assert.equal(paisaToEnglishWords(10_000_000), 'Rupees one lakh only')
    assert.equal(paisaToEnglishWords(1_000_000_000), 'Rupees one crore only')
    assert.equal(
      paisaToEnglishWords(999_999_999),
      'Rupees ninety-nine lakh ninety-nine thousand nine hundred ninety-nine and ninety-nine paisa only'
    )
    assert.equal(paisaToEnglishWords(1), 'Rupees zero and one paisa only')
    assert.equal(paisaToEnglishWords(0), 'Rupees zero only')
    assert.equal(paisaToEnglishWords(10_100), 'Rupees one hundred one only')
    assert.equal(
      paisaToEnglishWords(12_345_678_90),
      'Rupees one crore twenty-three lakh forty-five thousand six hundred seventy-eight and ninety paisa only'
    )
    assert.equal(paisaToEnglishWords(MAX_DONATION_PAISA), 'Rupees one hundred crore only')
  })

  test('Nepali: one word per number below a hundred, सय हजार लाख करोड अर्ब', ({ assert }) => {
    assert.equal(paisaToNepaliWords(3_000_050), 'रुपैयाँ तीस हजार र पचास पैसा मात्र')
    assert.equal(paisaToNepaliWords(3_000_000), 'रुपैयाँ तीस हजार मात्र')
    assert.equal(paisaToNepaliWords(10_000_000), 'रुपैयाँ एक लाख मात्र')
    assert.equal(paisaToNepaliWords(1_000_000_000), 'रुपैयाँ एक करोड मात्र')
    assert.equal(
      paisaToNepaliWords(999_999_999),
      'रुपैयाँ उनान्सय लाख उनान्सय हजार नौ सय उनान्सय र उनान्सय पैसा मात्र'
    )
    assert.equal(paisaToNepaliWords(2_500_000), 'रुपैयाँ पच्चीस हजार मात्र')
    assert.equal(paisaToNepaliWords(MAX_DONATION_PAISA), 'रुपैयाँ एक अर्ब मात्र')
    assert.equal(paisaToNepaliWords(0), 'रुपैयाँ शून्य मात्र')
    assert.equal(paisaToNepaliWords(1), 'रुपैयाँ शून्य र एक पैसा मात्र')
  })

  test('every number below a hundred has its own word, in both languages', ({ assert }) => {
    const ne = new Set<string>()
    const en = new Set<string>()
    for (let n = 0; n < 100; n++) {
      ne.add(numberToNepaliWords(n))
      en.add(numberToEnglishWords(n))
    }
    assert.equal(ne.size, 100)
    assert.equal(en.size, 100)
    assert.equal(numberToNepaliWords(19), 'उन्नाइस')
    assert.equal(numberToNepaliWords(21), 'एक्काइस')
    assert.equal(numberToNepaliWords(100), 'एक सय')
    assert.equal(numberToNepaliWords(105), 'एक सय पाँच')
    assert.equal(numberToEnglishWords(21), 'twenty-one')
    assert.equal(numberToEnglishWords(1_00_000), 'one lakh')
    assert.equal(numberToEnglishWords(1_00_001), 'one lakh one')
  })

  test('refuses what is not a whole, non-negative number of paisa', ({ assert }) => {
    for (const bad of [Number.NaN, -1, 0.5, Number.POSITIVE_INFINITY, MAX_WORDS_PAISA + 1]) {
      assert.throws(() => paisaToEnglishWords(bad), RangeError)
      assert.throws(() => paisaToNepaliWords(bad), RangeError)
    }
  })
})
