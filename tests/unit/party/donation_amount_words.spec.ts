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

test.group('Donation receipts | amounts in words at every boundary', () => {
  test('English: the tens, a hundred, each scale exactly and one below it', ({ assert }) => {
    const tens = [10, 20, 30, 40, 50, 60, 70, 80, 90].map((n) => numberToEnglishWords(n))
    assert.deepEqual(tens, [
      'ten',
      'twenty',
      'thirty',
      'forty',
      'fifty',
      'sixty',
      'seventy',
      'eighty',
      'ninety',
    ])
    assert.equal(numberToEnglishWords(19), 'nineteen')
    assert.equal(numberToEnglishWords(99), 'ninety-nine')
    assert.equal(numberToEnglishWords(100), 'one hundred')
    assert.equal(numberToEnglishWords(999), 'nine hundred ninety-nine')
    assert.equal(numberToEnglishWords(1000), 'one thousand')
    assert.equal(numberToEnglishWords(99_999), 'ninety-nine thousand nine hundred ninety-nine')
    assert.equal(numberToEnglishWords(1_00_00_000), 'one crore')
    assert.equal(numberToEnglishWords(1_00_00_001), 'one crore one')
    assert.equal(numberToEnglishWords(1_00_00_00_000), 'one hundred crore')
    assert.equal(paisaToEnglishWords(10_000), 'Rupees one hundred only')
    assert.equal(paisaToEnglishWords(99), 'Rupees zero and ninety-nine paisa only')
    assert.equal(paisaToEnglishWords(120), 'Rupees one and twenty paisa only')
  })

  test('Nepali: each scale exactly, one above it, and अर्ब counted in words', ({ assert }) => {
    assert.equal(numberToNepaliWords(99), 'उनान्सय')
    assert.equal(numberToNepaliWords(1000), 'एक हजार')
    assert.equal(numberToNepaliWords(1_00_000), 'एक लाख')
    assert.equal(numberToNepaliWords(1_00_00_000), 'एक करोड')
    assert.equal(
      numberToNepaliWords(99_99_99_999),
      'उनान्सय करोड उनान्सय लाख उनान्सय हजार नौ सय उनान्सय'
    )
    assert.equal(numberToNepaliWords(1_00_00_00_000), 'एक अर्ब')
    assert.equal(numberToNepaliWords(1_00_00_00_001), 'एक अर्ब एक')
    assert.equal(numberToNepaliWords(1_01_00_00_000), 'एक अर्ब एक करोड')
    assert.equal(numberToNepaliWords(1_25_00_00_00_000), 'एक सय पच्चीस अर्ब')
    assert.equal(paisaToNepaliWords(10_000), 'रुपैयाँ एक सय मात्र')
    assert.equal(paisaToNepaliWords(99), 'रुपैयाँ शून्य र उनान्सय पैसा मात्र')
  })

  test('the largest amount in words is the largest whole paisa a number holds exactly', ({
    assert,
  }) => {
    assert.equal(MAX_WORDS_PAISA, Number.MAX_SAFE_INTEGER)
    // 2^53 − 1 paisa = Rs 9,00,71,99,25,47,409.91
    assert.equal(
      paisaToEnglishWords(MAX_WORDS_PAISA),
      'Rupees ninety lakh seven thousand one hundred ninety-nine crore twenty-five lakh forty-seven thousand four hundred nine and ninety-one paisa only'
    )
    assert.equal(
      paisaToNepaliWords(MAX_WORDS_PAISA),
      'रुपैयाँ नब्बे हजार एकहत्तर अर्ब उनान्सय करोड पच्चीस लाख सतचालीस हजार चार सय नौ र एकानब्बे पैसा मात्र'
    )
    assert.throws(() => paisaToEnglishWords(MAX_WORDS_PAISA + 1), RangeError)
  })

  test('the number spellers refuse what is not a whole, non-negative number', ({ assert }) => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      assert.throws(() => numberToEnglishWords(bad), /non-negative whole number/)
      assert.throws(() => numberToNepaliWords(bad), /non-negative whole number/)
    }
    assert.equal(numberToEnglishWords(0), 'zero')
    assert.equal(numberToNepaliWords(0), 'शून्य')
  })
})

test.group('Donation receipts | every word of the tables', () => {
  test('English: one to nineteen, the tens, and tens-ones with a hyphen', ({ assert }) => {
    const ones = [
      'one',
      'two',
      'three',
      'four',
      'five',
      'six',
      'seven',
      'eight',
      'nine',
      'ten',
      'eleven',
      'twelve',
      'thirteen',
      'fourteen',
      'fifteen',
      'sixteen',
      'seventeen',
      'eighteen',
      'nineteen',
    ]
    const tens = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']
    for (let n = 1; n < 20; n++) assert.equal(numberToEnglishWords(n), ones[n - 1], String(n))
    for (let n = 20; n < 100; n++) {
      const ten = tens[Math.trunc(n / 10) - 2]
      const expected = n % 10 ? `${ten}-${ones[(n % 10) - 1]}` : ten
      assert.equal(numberToEnglishWords(n), expected, String(n))
    }
  })

  test('Nepali: every number below a hundred is one word in Devanagari letters', ({ assert }) => {
    for (let n = 0; n < 100; n++) {
      assert.match(numberToNepaliWords(n), /^[\u0900-\u097F]+$/u, String(n))
    }
    assert.deepEqual(
      [10, 20, 30, 40, 50, 60, 70, 80, 90].map((n) => numberToNepaliWords(n)),
      ['दश', 'बीस', 'तीस', 'चालीस', 'पचास', 'साठी', 'सत्तरी', 'असी', 'नब्बे']
    )
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => numberToNepaliWords(n)),
      ['एक', 'दुई', 'तीन', 'चार', 'पाँच', 'छ', 'सात', 'आठ', 'नौ']
    )
  })

  test('a refused amount says what it is', ({ assert }) => {
    assert.throws(() => paisaToNepaliWords(-1), /Not an amount in paisa this receipt can spell: -1/)
  })
})
