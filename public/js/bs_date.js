/*
 * Shows the Bikram Sambat date beside an AD date input (Alpine.js):
 * x-data="bsDate()" around the input, which calls show($el.value).
 */
window.bsDate = function bsDate() {
  return {
    bs: '',
    async show(value) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value || '')) {
        this.bs = ''
        return
      }
      const response = await fetch(`/calendar/bs?date=${encodeURIComponent(value)}`, {
        headers: { Accept: 'application/json' },
      })
      this.bs = response.ok ? (await response.json()).bs || '' : ''
    },
  }
}
