/*
 * Cascading selects province → district → local level → ward (Alpine.js).
 * Loaded before Alpine; pages use x-data="places(geography, selected)".
 */
window.places = function places(geography, selected) {
  const nepali = document.documentElement.lang === 'ne'
  const asText = (value) => (value === null || value === undefined ? '' : String(value))
  return {
    province: asText(selected.province),
    district: asText(selected.district),
    localLevel: asText(selected.localLevel),
    ward: asText(selected.ward),
    provinces: geography.provinces,
    get districts() {
      return geography.districts.filter((place) => asText(place.parent) === this.province)
    },
    get localLevels() {
      return geography.localLevels.filter((place) => asText(place.parent) === this.district)
    },
    get wards() {
      const level = geography.localLevels.find((place) => asText(place.id) === this.localLevel)
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
