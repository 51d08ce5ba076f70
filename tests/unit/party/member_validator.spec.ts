import { test } from '@japa/runner'
import { errors } from '@vinejs/vine'
import i18nManager from '@adonisjs/i18n/services/main'
import { memberValidator } from '#validators/member'
import { memberAddressProblems } from '#party/members/member_address'
import { LayeredMessagesProvider } from '#support/i18n_messages'

/** Kathmandu Metropolitan City: Bagmati (3), Kathmandu district (27), 32 wards. */
const kathmandu = { province_id: 3, district_id: 27, local_level_id: 307 }

const member = {
  full_name: 'Ram Bahadur Thapa',
  citizenship_number: '27-01-74-05678',
  citizenship_issue_district_id: 27,
  date_of_birth: '1990-05-17',
  gender: 'male',
  phone: '+9779841234567',
  membership_type: 'general',
  ...kathmandu,
  ward_number: 32,
}

async function validate(data: Record<string, unknown>, locale = 'en') {
  await i18nManager.loadTranslations()
  return memberValidator.validate(data, {
    messagesProvider: new LayeredMessagesProvider(i18nManager.locale(locale), 'members.validation'),
  })
}

async function messagesFor(data: Record<string, unknown>, locale = 'en') {
  try {
    await validate(data, locale)
    return []
  } catch (error) {
    if (error instanceof errors.E_VALIDATION_ERROR) {
      return (error.messages as { field: string; rule: string; message: string }[]).map(
        ({ field, rule, message }) => ({ field, rule, message })
      )
    }
    throw error
  }
}

test.group('Member address rules', () => {
  test('accepts the last ward of Kathmandu Metropolitan City', async ({ assert }) => {
    assert.deepEqual(await messagesFor(member), [])
  })

  test('refuses ward 33 in a 32-ward municipality, naming the range', async ({ assert }) => {
    const messages = await messagesFor({ ...member, ward_number: 33 })
    assert.deepEqual(messages, [
      {
        field: 'ward_number',
        rule: 'ward_not_in_local_level',
        message: 'This local level has wards 1 to 32',
      },
    ])
    const nepali = await messagesFor({ ...member, ward_number: 33 }, 'ne')
    assert.equal(nepali[0].message, 'यो स्थानीय तहमा वडा १ देखि ३२ सम्म मात्र छन्')
  })

  test("a rule's numbers are in the reader's digits", async ({ assert }) => {
    const long = { ...member, full_name: 'क'.repeat(151) }
    const [english] = await messagesFor(long)
    const [nepali] = await messagesFor(long, 'ne')
    assert.equal(english.rule, 'maxLength')
    assert.include(english.message, '150')
    assert.include(nepali.message, '१५०')
    assert.notMatch(nepali.message, /[0-9]/)
  })

  test('refuses a district outside the province and a local level outside the district', ({
    assert,
  }) => {
    // Kaski (38) is in Gandaki, not Bagmati; Pokhara (414) is in Kaski, not Kathmandu.
    assert.deepEqual(
      memberAddressProblems({
        provinceId: 3,
        districtId: 38,
        localLevelId: 307,
        wardNumber: 1,
      }).map((problem) => problem.code),
      ['district_not_in_province', 'local_level_not_in_district']
    )
    assert.deepEqual(
      memberAddressProblems({
        provinceId: 3,
        districtId: 27,
        localLevelId: 414,
        wardNumber: 1,
      }).map((problem) => problem.code),
      ['local_level_not_in_district']
    )
  })

  test('refuses unknown places and ward 0', ({ assert }) => {
    assert.deepEqual(
      memberAddressProblems({
        provinceId: 8,
        districtId: 78,
        localLevelId: 754,
        wardNumber: 1,
      }).map((problem) => problem.code),
      ['unknown_province', 'unknown_district', 'unknown_local_level']
    )
    assert.deepEqual(
      memberAddressProblems({
        provinceId: 3,
        districtId: 27,
        localLevelId: 307,
        wardNumber: 0,
      }).map((problem) => problem.code),
      ['ward_not_in_local_level']
    )
  })

  test('stores a Nepali mobile in E.164, whichever way it was typed', async ({ assert }) => {
    for (const typed of ['9841234567', '+977 984-1234567', '९८४१२३४५६७', '9779841234567']) {
      const valid = await validate({ ...member, phone: typed })
      assert.equal(valid.phone, '+9779841234567', typed)
    }
  })

  test('refuses numbers that are not Nepali mobiles, in both languages', async ({ assert }) => {
    for (const typed of ['014412345', '+14155550123', '98412345', '8841234567']) {
      const messages = await messagesFor({ ...member, phone: typed })
      assert.deepEqual(messages, [
        {
          field: 'phone',
          rule: 'mobile',
          message: 'Enter a Nepali mobile number (10 digits starting with 96, 97 or 98)',
        },
      ])
    }
    const nepali = await messagesFor({ ...member, phone: '014412345' }, 'ne')
    assert.equal(nepali[0].message, 'नेपाली मोबाइल नम्बर लेख्नुहोस् (९६, ९७ वा ९८ बाट सुरु हुने १० अंक)')
  })

  test('a member is at least 16 years old on the day of joining', async ({ assert }) => {
    const today = new Date()
    const iso = (years: number, days = 0) => {
      const date = new Date(today)
      date.setUTCFullYear(date.getUTCFullYear() - years)
      date.setUTCDate(date.getUTCDate() + days)
      return date.toISOString().slice(0, 10)
    }
    assert.deepEqual(await messagesFor({ ...member, date_of_birth: iso(16) }), [])
    const tooYoung = await messagesFor({ ...member, date_of_birth: iso(16, 1) })
    assert.deepEqual(tooYoung, [
      {
        field: 'date_of_birth',
        rule: 'date.beforeOrEqual',
        message: 'A member must be at least 16 years old',
      },
    ])
    const nepali = await messagesFor({ ...member, date_of_birth: iso(15) }, 'ne')
    assert.equal(nepali[0].message, 'सदस्य हुन कम्तीमा १६ वर्ष पुगेको हुनुपर्छ')
  })

  test('requires the citizenship number and a real issuing district', async ({ assert }) => {
    const withoutDistrict = { ...member, citizenship_issue_district_id: undefined }
    assert.deepEqual(await messagesFor(withoutDistrict), [
      {
        field: 'citizenship_issue_district_id',
        rule: 'required',
        message: 'The issuing district field is required',
      },
    ])
    const unknown = await messagesFor({ ...member, citizenship_issue_district_id: 78 }, 'ne')
    assert.deepEqual(unknown, [
      {
        field: 'citizenship_issue_district_id',
        rule: 'unknown_district',
        message: 'जिल्ला छान्नुहोस्',
      },
    ])
  })

  test('address problems name the form field they are about', ({ assert }) => {
    assert.deepEqual(
      memberAddressProblems({ provinceId: 8, districtId: 78, localLevelId: 754, wardNumber: 1 }),
      [
        { field: 'province_id', code: 'unknown_province' },
        { field: 'district_id', code: 'unknown_district' },
        { field: 'local_level_id', code: 'unknown_local_level' },
      ]
    )
    assert.deepEqual(
      memberAddressProblems({ provinceId: 3, districtId: 38, localLevelId: 307, wardNumber: 33 }),
      [
        { field: 'district_id', code: 'district_not_in_province' },
        { field: 'local_level_id', code: 'local_level_not_in_district' },
        { field: 'ward_number', code: 'ward_not_in_local_level', wardCount: 32 },
      ]
    )
  })

  test('a landline is not a member phone number', async ({ assert }) => {
    const messages = await messagesFor({ ...member, phone: '014412345' })
    assert.deepEqual(
      messages.map((message) => message.field),
      ['phone']
    )
  })
})

test.group('Member PAN and landline', () => {
  test('a PAN of 9 digits is stored in ASCII, whichever digits it was typed in', async ({
    assert,
  }) => {
    for (const [typed, stored] of [
      ['123456789', '123456789'],
      ['१२३४५६७८९', '123456789'],
      [' 123 456 789 ', '123456789'],
      ['123-456-789', '123456789'],
      ['०००१२३४५६', '000123456'],
    ]) {
      const valid = await validate({ ...member, pan_number: typed })
      assert.equal(valid.pan_number, stored, typed)
    }
    const withoutPan = await validate(member)
    assert.isUndefined(withoutPan.pan_number, 'PAN is optional')
  })

  test('a PAN of 8 or 10 digits, or with letters, is refused in both languages', async ({
    assert,
  }) => {
    for (const typed of [
      '12345678',
      '1234567890',
      '१२३४५६७८',
      '१२३४५६७८९०',
      '12345678a',
      'ABCDEFGHI',
    ]) {
      assert.deepEqual(
        await messagesFor({ ...member, pan_number: typed }),
        [{ field: 'pan_number', rule: 'pan', message: 'Enter a PAN of exactly 9 digits' }],
        typed
      )
    }
    const nepali = await messagesFor({ ...member, pan_number: '1234567890' }, 'ne')
    assert.equal(nepali[0].message, 'ठ्याक्कै ९ अंकको प्यान नम्बर लेख्नुहोस्')
  })

  test('a landline with its area code is stored in E.164', async ({ assert }) => {
    for (const [typed, stored] of [
      ['01-4412345', '+97714412345'],
      ['014412345', '+97714412345'],
      ['०१-४४१२३४५', '+97714412345'],
      ['+977-1-4412345', '+97714412345'],
      ['97714412345', '+97714412345'],
      ['061 521234', '+97761521234'],
      ['(061) 521-234', '+97761521234'],
    ]) {
      const valid = await validate({ ...member, landline: typed })
      assert.equal(valid.landline, stored, typed)
    }
  })

  test('a mobile, a short or long number, or one without area code is not a landline', async ({
    assert,
  }) => {
    for (const typed of [
      '9841234567',
      '+9779841234567',
      '4412345',
      '01-441234',
      '01-44123456',
      '+977-0-4412345',
      '09-1234567',
    ]) {
      const messages = await messagesFor({ ...member, landline: typed })
      assert.deepEqual(
        messages.map(({ field, rule }) => ({ field, rule })),
        [{ field: 'landline', rule: 'landline' }],
        typed
      )
    }
    const nepali = await messagesFor({ ...member, landline: '4412345' }, 'ne')
    assert.include(nepali[0].message, 'नेपाली ल्यान्डलाइन नम्बर')
  })
})
