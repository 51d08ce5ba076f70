import string from '@adonisjs/core/helpers/string'
import type { I18n } from '@adonisjs/i18n'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import { toDevanagariDigits } from '#party/calendar/nepali_format'

/**
 * Validation messages from the lang files, looked up in a feature's own
 * namespace first (`<prefix>.messages`, `<prefix>.fields`), then in the
 * shared `validator.shared` ones. Lets a feature keep its field names and
 * messages in its own lang file.
 */
export class LayeredMessagesProvider implements MessagesProviderContact {
  readonly #prefixes: string[]

  constructor(
    protected i18n: I18n,
    prefix: string
  ) {
    this.#prefixes = [prefix, 'validator.shared']
  }

  #find(suffixes: string[]) {
    for (const prefix of this.#prefixes) {
      for (const suffix of suffixes) {
        const found = this.i18n.resolveIdentifier(`${prefix}.${suffix}`)
        if (found) return found.message
      }
    }
    return undefined
  }

  translateField(name: string) {
    const message = this.#find([`fields.${name}`])
    return message ? this.i18n.formatRawMessage(message) : name
  }

  getMessage(
    defaultMessage: string,
    rule: string,
    field: FieldContext,
    meta?: Record<string, any>
  ): string {
    const data: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(meta ?? {})) {
      // A rule's numbers (min, max, size…) in the reader's digits: "१५०", not "150".
      data[key] =
        this.i18n.locale === 'ne' && typeof value === 'number' ? toDevanagariDigits(value) : value
    }
    data.field = this.translateField(field.name as string)
    const message = this.#find([`messages.${field.wildCardPath}.${rule}`, `messages.${rule}`])
    return message
      ? this.i18n.formatRawMessage(message, data)
      : string.interpolate(defaultMessage, data)
  }
}
