/**
 * Amounts in words for donation receipts (s.38(4)), in the South Asian
 * system: hundred, thousand, lakh (1,00,000), crore (1,00,00,000), in
 * English ("Rupees one lakh twenty-five thousand and fifty paisa only") and
 * Nepali ("रुपैयाँ एक लाख पच्चीस हजार र पचास पैसा मात्र"). Works on integer
 * paisa, so no float ever rounds an amount.
 */

const EN_ONES = [
  'zero',
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
const EN_TENS = [
  '',
  '',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
]

/** Nepali has one word for each number below a hundred. */
const NE_0_TO_99 = [
  'शून्य',
  'एक',
  'दुई',
  'तीन',
  'चार',
  'पाँच',
  'छ',
  'सात',
  'आठ',
  'नौ',
  'दश',
  'एघार',
  'बाह्र',
  'तेह्र',
  'चौध',
  'पन्ध्र',
  'सोह्र',
  'सत्र',
  'अठार',
  'उन्नाइस',
  'बीस',
  'एक्काइस',
  'बाइस',
  'तेइस',
  'चौबीस',
  'पच्चीस',
  'छब्बीस',
  'सत्ताइस',
  'अट्ठाइस',
  'उनन्तीस',
  'तीस',
  'एकतीस',
  'बत्तीस',
  'तेत्तीस',
  'चौंतीस',
  'पैंतीस',
  'छत्तीस',
  'सैंतीस',
  'अठतीस',
  'उनन्चालीस',
  'चालीस',
  'एकचालीस',
  'बयालीस',
  'त्रिचालीस',
  'चवालीस',
  'पैंतालीस',
  'छयालीस',
  'सतचालीस',
  'अठचालीस',
  'उनन्चास',
  'पचास',
  'एकाउन्न',
  'बाउन्न',
  'त्रिपन्न',
  'चउन्न',
  'पचपन्न',
  'छपन्न',
  'सन्ताउन्न',
  'अन्ठाउन्न',
  'उनन्साठी',
  'साठी',
  'एकसट्ठी',
  'बयसट्ठी',
  'त्रिसट्ठी',
  'चौंसट्ठी',
  'पैंसट्ठी',
  'छयसट्ठी',
  'सतसट्ठी',
  'अठसट्ठी',
  'उनन्सत्तरी',
  'सत्तरी',
  'एकहत्तर',
  'बहत्तर',
  'त्रिहत्तर',
  'चौहत्तर',
  'पचहत्तर',
  'छयहत्तर',
  'सतहत्तर',
  'अठहत्तर',
  'उनासी',
  'असी',
  'एकासी',
  'बयासी',
  'त्रियासी',
  'चौरासी',
  'पचासी',
  'छयासी',
  'सतासी',
  'अठासी',
  'उनान्नब्बे',
  'नब्बे',
  'एकानब्बे',
  'बयानब्बे',
  'त्रियानब्बे',
  'चौरानब्बे',
  'पन्चानब्बे',
  'छयानब्बे',
  'सन्तानब्बे',
  'अन्ठानब्बे',
  'उनान्सय',
]

/**
 * The largest amount spelled: 2^53 − 1 paisa (Rs 9,00,71,99,25,47,409.91), the
 * largest whole number of paisa a JavaScript number holds exactly.
 */
export const MAX_WORDS_PAISA = Number.MAX_SAFE_INTEGER

function enBelowHundred(n: number): string {
  if (n < 20) return EN_ONES[n]
  const ones = n % 10
  return ones ? `${EN_TENS[Math.trunc(n / 10)]}-${EN_ONES[ones]}` : EN_TENS[Math.trunc(n / 10)]
}

interface Scale {
  value: number
  en: string
  ne: string
}

/** Largest first. English keeps counting crores ("one hundred crore"); Nepali has अर्ब. */
const SCALES: Scale[] = [
  { value: 10_000_000, en: 'crore', ne: 'करोड' },
  { value: 100_000, en: 'lakh', ne: 'लाख' },
  { value: 1000, en: 'thousand', ne: 'हजार' },
  { value: 100, en: 'hundred', ne: 'सय' },
]

/** A whole number of rupees in English words; `0` → `zero`. */
export function numberToEnglishWords(n: number): string {
  assertWhole(n)
  if (n === 0) return 'zero'
  const parts: string[] = []
  let rest = n
  for (const scale of SCALES) {
    if (rest >= scale.value) {
      const count = Math.trunc(rest / scale.value)
      parts.push(`${numberToEnglishWords(count)} ${scale.en}`)
      rest %= scale.value
    }
  }
  if (rest > 0) parts.push(enBelowHundred(rest))
  return parts.join(' ')
}

/** A whole number in Nepali words; `0` → `शून्य`, 1,00,00,00,000 → `एक अर्ब`. */
export function numberToNepaliWords(n: number): string {
  assertWhole(n)
  if (n < 100) return NE_0_TO_99[n]
  const parts: string[] = []
  let rest = n
  const arba = Math.trunc(rest / 1_000_000_000)
  if (arba > 0) {
    parts.push(`${numberToNepaliWords(arba)} अर्ब`)
    rest %= 1_000_000_000
  }
  for (const scale of SCALES) {
    if (rest >= scale.value) {
      parts.push(`${NE_0_TO_99[Math.trunc(rest / scale.value)]} ${scale.ne}`)
      rest %= scale.value
    }
  }
  if (rest > 0) parts.push(NE_0_TO_99[rest])
  return parts.join(' ')
}

function assertWhole(n: number) {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`Words need a non-negative whole number, got ${n}`)
  }
}

function split(paisa: number) {
  // A safe integer is at most MAX_WORDS_PAISA.
  if (!Number.isSafeInteger(paisa) || paisa < 0) {
    throw new RangeError(`Not an amount in paisa this receipt can spell: ${paisa}`)
  }
  return { rupees: Math.trunc(paisa / 100), paisa: paisa % 100 }
}

/**
 * `3_000_050` → `Rupees thirty thousand and fifty paisa only`;
 * `10_000_000` → `Rupees one lakh only`; `50` → `Rupees zero and fifty paisa only`.
 */
export function paisaToEnglishWords(amountPaisa: number): string {
  const { rupees, paisa } = split(amountPaisa)
  const tail = paisa ? ` and ${enBelowHundred(paisa)} paisa` : ''
  return `Rupees ${numberToEnglishWords(rupees)}${tail} only`
}

/**
 * `3_000_050` → `रुपैयाँ तीस हजार र पचास पैसा मात्र`;
 * `10_000_000` → `रुपैयाँ एक लाख मात्र`.
 */
export function paisaToNepaliWords(amountPaisa: number): string {
  const { rupees, paisa } = split(amountPaisa)
  const tail = paisa ? ` र ${NE_0_TO_99[paisa]} पैसा` : ''
  return `रुपैयाँ ${numberToNepaliWords(rupees)}${tail} मात्र`
}
