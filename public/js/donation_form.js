/*
 * The donation form (Alpine.js): warns while typing when cash would break
 * s.38(3) or the donor kind is prohibited, and shows the fiscal year of the
 * received date. The server applies every rule again; this only helps.
 */
window.donationForm = function donationForm(initial) {
  const PROHIBITED = [
    'government_body',
    'public_enterprise',
    'public_company',
    'educational_institution',
    'ngo',
    'ingo',
    'foreign_government',
    'foreign_individual',
    'foreign_organisation',
  ]
  const DEVANAGARI = '०१२३४५६७८९'
  const ascii = (text) =>
    String(text || '').replace(/[०-९]/g, (digit) => String(DEVANAGARI.indexOf(digit)))

  return {
    ...initial,
    prohibited: PROHIBITED,
    hint: '',
    /** Amount typed, in paisa, or null when it is not plainly a number. */
    paisa() {
      const text = ascii(this.amount).replace(/,/g, '').trim()
      if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(text)) return null
      const [whole, fraction = ''] = text.split('.')
      return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
    },
    cashTooLarge() {
      const paisa = this.paisa()
      return (
        this.cashLimitPaisa !== null &&
        paisa !== null &&
        paisa > this.cashLimitPaisa &&
        this.method !== 'cheque' &&
        this.method !== 'bank_transfer'
      )
    },
    async lookup() {
      const date = ascii(this.date).trim()
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        this.hint = ''
        return
      }
      const query = new URLSearchParams({ calendar: this.calendar, date })
      const response = await fetch(`/donations/fiscal-year?${query}`, {
        headers: { Accept: 'application/json' },
      })
      const body = await response.json().catch(() => ({}))
      this.hint = response.ok ? body.text || '' : body.error || ''
    },
  }
}
