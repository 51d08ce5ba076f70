import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { test } from '@japa/runner'
import {
  districts,
  districtsOfProvince,
  findDistrict,
  findLocalLevel,
  findProvince,
  LOCAL_LEVEL_TYPES,
  localLevels,
  localLevelsOfDistrict,
  provinces,
  totals,
  wardExists,
  type LocalLevelType,
} from '#party/geography/nepal_geography'
import { hasVowelSignOrderDefect, normalizeNepaliText } from '#party/geography/nepali_text'

/** Public dataset kept read-only next to the project (see docs/domain.md). */
const REFERENCE_DIR = resolve(process.cwd(), '../shared/reference/nepal-admin')
const HAS_REFERENCE = existsSync(join(REFERENCE_DIR, 'municipalities', 'en.json'))
const NO_REFERENCE = `reference data not found at ${REFERENCE_DIR}; comparison skipped`

interface RefProvince {
  id: number
  name: string
}
interface RefDistrict {
  id: number
  province_id: number
  name: string
}
interface RefLocalLevel {
  id: number
  district_id: number
  category_id: number
  name: string
  wards: string
}

function readReference<T>(folder: string, language: 'en' | 'np'): T[] {
  return JSON.parse(readFileSync(join(REFERENCE_DIR, folder, `${language}.json`), 'utf8')) as T[]
}

/** The README's normalisation of the reference's Nepali names. */
function normalizeReferenceNp(name: string): string {
  return normalizeNepaliText(name)
    .replace(/बाग्मती/g, 'बागमती')
    .replace(/सुदुरपश्चिम/g, 'सुदूरपश्चिम')
}

function devanagariToNumber(text: string): number {
  return Number(text.replace(/[०-९]/g, (digit) => String(digit.charCodeAt(0) - 0x0966)))
}

const REFERENCE_TYPES: Record<number, LocalLevelType> = {
  1: 'metropolitan',
  2: 'sub_metropolitan',
  3: 'municipality',
  4: 'rural_municipality',
}

/** English province names: the reference says "Koshi Province", "Sudurpaschim Province". */
const PROVINCE_NAME_FROM_REFERENCE: Record<string, string> = { Sudurpaschim: 'Sudurpashchim' }

test.group('Nepal geography | counts and integrity', () => {
  test('7 provinces, 77 districts, 753 local levels', ({ assert }) => {
    assert.lengthOf(provinces, 7)
    assert.lengthOf(districts, 77)
    assert.lengthOf(localLevels, 753)
    assert.equal(totals.provinces, 7)
    assert.equal(totals.districts, 77)
    assert.equal(totals.localLevels, 753)
  })

  test('6 metropolitan, 11 sub-metropolitan, 276 municipalities, 460 rural municipalities', ({
    assert,
  }) => {
    assert.deepEqual(totals.localLevelsByType, {
      metropolitan: 6,
      sub_metropolitan: 11,
      municipality: 276,
      rural_municipality: 460,
    })
    for (const type of LOCAL_LEVEL_TYPES) {
      assert.equal(
        localLevels.filter((l) => l.type === type).length,
        totals.localLevelsByType[type]
      )
    }
  })

  test('ward counts sum to 6,743', ({ assert }) => {
    assert.equal(totals.wards, 6743)
    assert.equal(
      localLevels.reduce((sum, l) => sum + l.ward_count, 0),
      6743
    )
    for (const l of localLevels) {
      assert.isTrue(Number.isInteger(l.ward_count) && l.ward_count >= 1, `${l.name} ward_count`)
    }
  })

  test('ids are unique', ({ assert }) => {
    for (const rows of [provinces, districts, localLevels]) {
      assert.equal(new Set(rows.map((row) => row.id)).size, rows.length)
    }
  })

  test('foreign keys resolve and every district has local levels', ({ assert }) => {
    for (const d of districts) {
      assert.exists(findProvince(d.province_id), `district ${d.id} province`)
      assert.isAbove(localLevelsOfDistrict(d.id).length, 0, `district ${d.name} has no local level`)
    }
    for (const l of localLevels) {
      const district = findDistrict(l.district_id)
      assert.exists(district, `local level ${l.id} district`)
      assert.equal(l.province_id, district?.province_id)
    }
    for (const p of provinces) {
      assert.isAbove(districtsOfProvince(p.id).length, 0)
      assert.equal(findDistrict(p.headquarters_district_id)?.province_id, p.id)
    }
  })

  test('province names and headquarters are current', ({ assert }) => {
    assert.deepEqual(
      provinces.map((p) => [p.code, p.name, p.name_np, p.headquarters]),
      [
        ['NP-P1', 'Koshi', 'कोशी', 'Biratnagar'],
        ['NP-P2', 'Madhesh', 'मधेश', 'Janakpurdham'],
        ['NP-P3', 'Bagmati', 'बागमती', 'Hetauda'],
        ['NP-P4', 'Gandaki', 'गण्डकी', 'Pokhara'],
        ['NP-P5', 'Lumbini', 'लुम्बिनी', 'Deukhuri'],
        ['NP-P6', 'Karnali', 'कर्णाली', 'Birendranagar'],
        ['NP-P7', 'Sudurpashchim', 'सुदूरपश्चिम', 'Godawari'],
      ]
    )
    assert.equal(findDistrict(findProvince(5)!.headquarters_district_id)?.name, 'Dang')
    assert.equal(findDistrict(findProvince(7)!.headquarters_district_id)?.name, 'Kailali')
  })

  test('no Nepali name has the ा+े / ा+ै vowel-sign defect or needs normalising', ({ assert }) => {
    const texts = [
      ...provinces.flatMap((p) => [p.name_np, p.headquarters_np]),
      ...districts.flatMap((d) => [d.name_np, d.headquarters_np]),
      ...localLevels.map((l) => l.name_np),
    ]
    for (const text of texts) {
      assert.isFalse(hasVowelSignOrderDefect(text), `vowel-sign order defect in ${text}`)
      assert.equal(normalizeNepaliText(text), text)
    }
  })

  test('data is frozen', ({ assert }) => {
    assert.isTrue(Object.isFrozen(provinces))
    assert.isTrue(Object.isFrozen(localLevels[0]))
    assert.isFalse(Reflect.set(localLevels[0], 'ward_count', 99))
    assert.throws(() => Array.prototype.push.call(provinces, provinces[0]))
  })

  test('findLocalLevel and wardExists', ({ assert }) => {
    const kathmandu = localLevels.find((l) => l.name === 'Kathmandu')
    assert.exists(kathmandu)
    assert.equal(kathmandu?.type, 'metropolitan')
    assert.equal(kathmandu?.ward_count, 32)
    assert.strictEqual(findLocalLevel(kathmandu!.id), kathmandu)
    assert.isUndefined(findLocalLevel(0))
    assert.isUndefined(findLocalLevel(754))

    assert.isTrue(wardExists(kathmandu!.id, 1))
    assert.isTrue(wardExists(kathmandu!.id, 32))
    assert.isFalse(wardExists(kathmandu!.id, 33))
    assert.isFalse(wardExists(kathmandu!.id, 0))
    assert.isFalse(wardExists(kathmandu!.id, 1.5))
    assert.isFalse(wardExists(99999, 1))
  })
})

test.group('Nepal geography | matches the reference dataset', () => {
  test('province ids and names', ({ assert }) => {
    const en = readReference<RefProvince>('provinces', 'en')
    const np = readReference<RefProvince>('provinces', 'np')
    assert.deepEqual(
      provinces.map((p) => p.id),
      en.map((p) => p.id).sort((a, b) => a - b)
    )
    for (const ref of en) {
      const base = ref.name.replace(/ Province$/, '')
      assert.equal(findProvince(ref.id)?.name, PROVINCE_NAME_FROM_REFERENCE[base] ?? base)
    }
    for (const ref of np) {
      assert.equal(
        findProvince(ref.id)?.name_np,
        normalizeReferenceNp(ref.name).replace(/ प्रदेश$/, '')
      )
    }
  }).skip(!HAS_REFERENCE, NO_REFERENCE)

  test('district ids, provinces and names', ({ assert }) => {
    const en = readReference<RefDistrict>('districts', 'en')
    const np = new Map(readReference<RefDistrict>('districts', 'np').map((d) => [d.id, d]))
    assert.equal(en.length, districts.length)
    for (const ref of en) {
      const district = findDistrict(ref.id)
      assert.exists(district, `district ${ref.id}`)
      assert.equal(district?.province_id, ref.province_id, `district ${ref.id} province`)
      assert.equal(district?.name, ref.name)
      assert.equal(district?.name_np, normalizeReferenceNp(np.get(ref.id)!.name))
    }
  }).skip(!HAS_REFERENCE, NO_REFERENCE)

  test('local level ids, districts, types, ward counts and names', ({ assert }) => {
    const en = readReference<RefLocalLevel>('municipalities', 'en')
    const np = new Map(readReference<RefLocalLevel>('municipalities', 'np').map((l) => [l.id, l]))
    assert.equal(en.length, localLevels.length)
    for (const ref of en) {
      const local = findLocalLevel(ref.id)
      const refNp = np.get(ref.id)!
      assert.exists(local, `local level ${ref.id}`)
      assert.equal(local?.district_id, ref.district_id, `local level ${ref.id} district`)
      assert.equal(local?.type, REFERENCE_TYPES[ref.category_id], `local level ${ref.id} type`)
      assert.equal(local?.ward_count, Number(ref.wards), `local level ${ref.id} wards`)
      assert.equal(local?.ward_count, devanagariToNumber(refNp.wards), `local level ${ref.id} np`)
      assert.equal(local?.name, ref.name)
      assert.equal(local?.name_np, normalizeReferenceNp(refNp.name))
    }
  }).skip(!HAS_REFERENCE, NO_REFERENCE)
})

test.group('Nepal geography | lookups by parent', () => {
  test('districtsOfProvince returns exactly the districts of that province', ({ assert }) => {
    let total = 0
    for (const province of provinces) {
      const own = districtsOfProvince(province.id)
      assert.isTrue(
        own.every((d) => d.province_id === province.id),
        province.name
      )
      assert.deepEqual(
        own,
        districts.filter((d) => d.province_id === province.id)
      )
      total += own.length
    }
    assert.equal(total, districts.length)
    assert.deepEqual(districtsOfProvince(99), [])
  })

  test('localLevelsOfDistrict returns exactly the local levels of that district', ({ assert }) => {
    let total = 0
    for (const district of districts) {
      const own = localLevelsOfDistrict(district.id)
      assert.isTrue(
        own.every((l) => l.district_id === district.id),
        district.name
      )
      total += own.length
    }
    assert.equal(total, localLevels.length)
    assert.deepEqual(localLevelsOfDistrict(999), [])
  })
})

test.group('Nepali text | normalisation', () => {
  test('each split vowel-sign spelling is repaired', ({ assert }) => {
    // ा+े, ा+ै, े+ा, ै+ा → ो, ौ, ो, ौ
    assert.equal(normalizeNepaliText('का\u0947शी'), 'कोशी')
    assert.equal(normalizeNepaliText('ग\u093E\u0948तम'), 'गौतम')
    assert.equal(normalizeNepaliText('क\u0947\u093Eशी'), 'कोशी')
    assert.equal(normalizeNepaliText('ग\u0948\u093Eतम'), 'गौतम')
    for (const text of ['का\u0947शी', 'ग\u093E\u0948तम', 'क\u0947\u093Eशी', 'ग\u0948\u093Eतम']) {
      assert.isTrue(hasVowelSignOrderDefect(text), text)
    }
    assert.isFalse(hasVowelSignOrderDefect('कोशी'))
  })

  test('whitespace is trimmed and inner runs collapse to one space', ({ assert }) => {
    assert.equal(normalizeNepaliText('  काठमाडौं \t  महानगरपालिका \n'), 'काठमाडौं महानगरपालिका')
  })
})
