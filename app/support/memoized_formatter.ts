import type { TranslationsFormatterContract } from '@adonisjs/i18n/types'

/**
 * A translations formatter that remembers what it made for messages
 * formatted without values (labels, headings, nav items: most of a page's
 * `t()` calls). The ICU formatter parses the message into a new
 * IntlMessageFormat on every call, a few percent of a page's CPU time.
 * Messages with values go to the formatter every time. Bounded: at most
 * `maxEntries` results, the whole memo is dropped when full (the set of
 * messages is the translation files', so it is reached only by misuse).
 */
export class MemoizedFormatter implements TranslationsFormatterContract {
  #memo = new Map<string, string>()

  constructor(
    protected formatter: TranslationsFormatterContract,
    public readonly maxEntries = 20_000
  ) {}

  get name() {
    return this.formatter.name
  }

  format(message: string, locale: string, data?: Record<string, any>): string {
    if (data && Object.keys(data).length > 0) return this.formatter.format(message, locale, data)
    const key = `${locale}\u0000${message}`
    const known = this.#memo.get(key)
    if (known !== undefined) return known
    const formatted = this.formatter.format(message, locale, data)
    if (this.#memo.size >= this.maxEntries) this.#memo.clear()
    this.#memo.set(key, formatted)
    return formatted
  }
}
