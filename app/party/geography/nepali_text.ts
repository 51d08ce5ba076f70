/**
 * Small helpers for Nepali (Devanagari) text that Unicode normalisation alone
 * does not handle.
 *
 * Some published data encodes the vowel sign "ो" (U+094B) as "ा" + "े"
 * (U+093E U+0947) and "ौ" (U+094C) as "ा" + "ै" (U+093E U+0948), or with the
 * two signs the other way round. These render alike in most fonts but compare
 * unequal, and NFC leaves them alone: Devanagari "ो"/"ौ" have no canonical
 * decomposition. Searching for "कोशी" would not find "काेशी".
 */

const AA_E = /\u093E\u0947/g
const AA_AI = /\u093E\u0948/g
const E_AA = /\u0947\u093E/g
const AI_AA = /\u0948\u093E/g
const SPLIT_VOWEL_SIGN = /\u093E[\u0947\u0948]|[\u0947\u0948]\u093E/

/**
 * Returns true when the text spells "ो" / "ौ" as two separate vowel signs
 * ("ा" + "े", "ा" + "ै", or the reverse order).
 */
export function hasVowelSignOrderDefect(text: string): boolean {
  return SPLIT_VOWEL_SIGN.test(text)
}

/**
 * Normalises Nepali text for storage and comparison: repairs the
 * "ा + े" / "ा + ै" ordering defect, applies NFC and trims surrounding
 * whitespace. Runs of inner whitespace collapse to one space.
 */
export function normalizeNepaliText(text: string): string {
  return text
    .normalize('NFC')
    .replace(AA_E, '\u094B')
    .replace(AA_AI, '\u094C')
    .replace(E_AA, '\u094B')
    .replace(AI_AA, '\u094C')
    .replace(/\s+/g, ' ')
    .trim()
}
