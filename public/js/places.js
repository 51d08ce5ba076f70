/*
 * Cascading selects province → district → local level → ward (Alpine.js).
 * Loaded before Alpine; pages use x-data="places(source, selected)", where
 * source is the places themselves or the URL of their JSON (fetched once,
 * then kept by the browser's cache).
 */
window.places = function places(source, selected) {
  const nepali = document.documentElement.lang === 'ne'
  const asText = (value) => (value === null || value === undefined ? '' : String(value))
  return {
    province: asText(selected.province),
    district: asText(selected.district),
    localLevel: asText(selected.localLevel),
    ward: asText(selected.ward),
    geography:
      typeof source === 'string' ? { provinces: [], districts: [], localLevels: [] } : source,
    async init() {
      if (typeof source !== 'string') return
      const response = await fetch(source, { headers: { Accept: 'application/json' } })
      if (response.ok) this.geography = await response.json()
    },
    get provinces() {
      return this.geography.provinces
    },
    get districts() {
      return this.geography.districts.filter((place) => asText(place.parent) === this.province)
    },
    get localLevels() {
      return this.geography.localLevels.filter((place) => asText(place.parent) === this.district)
    },
    get wards() {
      const level = this.geography.localLevels.find(
        (place) => asText(place.id) === this.localLevel
      )
      return level ? Array.from({ length: level.wards }, (_, index) => index + 1) : []
    },
    digits(value) {
      return nepali ? String(value).replace(/[0-9]/g, (d) => '०१२३४५६७८९'[d]) : String(value)
    },
    provinceChanged() {
      this.district = ''
      this.localLevel = ''
      this.ward = ''
    },
    districtChanged() {
      this.localLevel = ''
      this.ward = ''
    },
    localLevelChanged() {
      this.ward = ''
    },
  }
}
