import { test } from '@japa/runner'
import { previousPeriod, resolvePeriod, isReportPeriod } from '#party/finance/report_period'
import { financialReportCsv } from '#party/finance/report_csv'
import { EXPENDITURE_CATEGORIES, MAX_ENTRY_PAISA } from '#party/finance/finance_heads'
import { MAX_DONATION_PAISA } from '#party/donations/donation_amount'
import type { ReportBreakdown } from '#actions/finance/financial_reports'

test.group('Financial report periods', () => {
  test('a fiscal year runs Shrawan 1 to the last day of Asar', ({ assert }) => {
    const year = resolvePeriod('2082/83', 'annual')
    assert.deepEqual(year.startBs, { year: 2082, month: 4, day: 1 })
    assert.deepEqual(year.endBs, { year: 2083, month: 3, day: 32 })
    assert.equal(year.startAd, '2025-07-17')
    assert.equal(year.endAd, '2026-07-16')
    assert.equal(year.reportType, 'annual')
  })

  test('the four quarters tile the year without gaps or overlaps', ({ assert }) => {
    const year = resolvePeriod('2083/84', 'annual')
    const quarters = (['Q1', 'Q2', 'Q3', 'Q4'] as const).map((q) => resolvePeriod('2083/84', q))
    assert.equal(quarters[0].startAd, year.startAd)
    assert.equal(quarters[3].endAd, year.endAd)
    for (let index = 1; index < 4; index++) {
      const dayAfter = new Date(`${quarters[index - 1].endAd}T00:00:00Z`)
      dayAfter.setUTCDate(dayAfter.getUTCDate() + 1)
      assert.equal(quarters[index].startAd, dayAfter.toISOString().slice(0, 10))
    }
    assert.deepEqual(
      quarters.map((q) => [q.startBs.month, q.endBs.month]),
      [
        [4, 6],
        [7, 9],
        [10, 12],
        [1, 3],
      ]
    )
    assert.equal(quarters[3].startBs.year, 2084)
  })

  test('the period before, and what counts as a period', ({ assert }) => {
    assert.deepEqual(previousPeriod('2083/84', 'Q2'), { fiscalYear: '2083/84', period: 'Q1' })
    assert.deepEqual(previousPeriod('2083/84', 'Q4'), { fiscalYear: '2083/84', period: 'Q3' })
    assert.deepEqual(previousPeriod('2100/01', 'Q1'), { fiscalYear: '2099/00', period: 'Q4' })
    assert.isTrue(isReportPeriod('Q3'))
    assert.isFalse(isReportPeriod('Q5'))
    assert.isFalse(isReportPeriod('annual '))
    assert.throws(() => resolvePeriod('2083/85', 'annual'), /2083\/85/)
    assert.throws(() => resolvePeriod('2095/96', 'Q1'))
  })
})

test.group('Financial report CSV', () => {
  test('amounts are written from paisa exactly, with a BOM and the donor rows', ({ assert }) => {
    const breakdown: ReportBreakdown = {
      version: 1,
      income: { membership_fees: 30, donations: 999_999_999_999 },
      expenditure: { office_rent: 1 },
      donations: { individualPaisa: 999_999_999_999, institutionalPaisa: 0, count: 1 },
      entries: { income: 2, expenditure: 1 },
      donors: [
        {
          kind: 'individual',
          donorType: 'individual',
          name: 'राम, "थापा"',
          pan: null,
          citizenshipNumber: '27-01-71-1',
          address: null,
          amountPaisa: 999_999_999_999,
          receiptNumber: 'RCPT-2083/84-000001',
          receivedOn: '2026-08-31',
          receivedOnBs: '2083-05-15',
          paymentMethod: 'bank_transfer',
          purpose: null,
        },
      ],
    }
    const csv = financialReportCsv(
      {
        fiscal_year: '2083/84',
        period: 'annual',
        opening_balance_paisa: '-5',
        closing_balance_paisa: '1000000000025',
        total_income: '0',
        total_expenditure: '0',
        breakdown,
      },
      (section, head) => `${section}:${head}`
    )
    assert.isTrue(csv.startsWith('\uFEFFsection,head,label,amount_rupees,'))
    const lines = csv.slice(1).trim().split('\n')
    assert.include(lines, 'summary,opening_balance,summary:opening_balance,-0.05,,,,,,')
    assert.include(lines, 'summary,total_income,summary:total_income,10000000000.29,,,,,,')
    assert.include(lines, 'summary,total_expenditure,summary:total_expenditure,0.01,,,,,,')
    assert.include(lines, 'income,bank_interest,income:bank_interest,0.00,,,,,,')
    assert.include(
      lines,
      'donor,individual,"राम, ""थापा""",9999999999.99,individual,27-01-71-1,RCPT-2083/84-000001,2083-05-15,2026-08-31,'
    )
  })

  test('a donor name a spreadsheet would run as a formula is written as text', ({ assert }) => {
    const csv = financialReportCsv(
      {
        fiscal_year: '2083/84',
        period: 'annual',
        opening_balance_paisa: '-1250',
        closing_balance_paisa: '0',
        total_income: '0',
        total_expenditure: '0',
        breakdown: {
          version: 1,
          income: {},
          expenditure: {},
          donations: { individualPaisa: 100, institutionalPaisa: 0, count: 1 },
          entries: { income: 0, expenditure: 0 },
          donors: [
            {
              kind: 'individual',
              donorType: 'individual',
              name: '=HYPERLINK("http://evil.example","x")',
              pan: null,
              citizenshipNumber: '27-01-71-1',
              address: null,
              amountPaisa: 100,
              receiptNumber: 'RCPT-2083/84-000002',
              receivedOn: '2026-08-31',
              receivedOnBs: '2083-05-15',
              paymentMethod: 'cash',
              purpose: '@SUM(A1)',
            },
          ],
        } as ReportBreakdown,
      },
      (section, head) => `${section}:${head}`
    )
    assert.isTrue(csv.startsWith('\uFEFFsection,'), 'one BOM')
    assert.notInclude(csv, '\uFEFF\uFEFF')
    assert.include(csv, `"'=HYPERLINK(""http://evil.example"",""x"")"`)
    assert.include(csv, ",'@SUM(A1)")
    assert.include(
      csv,
      'summary,opening_balance,summary:opening_balance,-12.50,',
      'amounts stay numbers'
    )
  })
})

test.group('Financial reports | edges a one-character bug would move', () => {
  test('quarters are quarterly reports; the year before an annual report is annual', ({
    assert,
  }) => {
    for (const quarter of ['Q1', 'Q2', 'Q3', 'Q4'] as const) {
      assert.equal(resolvePeriod('2083/84', quarter).reportType, 'quarterly', quarter)
    }
    assert.deepEqual(previousPeriod('2083/84', 'annual'), {
      fiscalYear: '2082/83',
      period: 'annual',
    })
    assert.deepEqual(previousPeriod('2083/84', 'Q1'), { fiscalYear: '2082/83', period: 'Q4' })
  })

  test('an entry is capped at Rs 100 crore, like a donation', ({ assert }) => {
    assert.equal(MAX_ENTRY_PAISA, 100_000_000_000)
    assert.equal(MAX_ENTRY_PAISA, MAX_DONATION_PAISA)
  })

  test('the CSV has the closing balance, every expenditure head, donor identity and purpose', ({
    assert,
  }) => {
    const donor = {
      kind: 'institutional' as const,
      donorType: 'company',
      name: 'Himal Traders',
      pan: '301234567',
      citizenshipNumber: null,
      address: null,
      amountPaisa: 150,
      receiptNumber: 'RCPT-2083/84-000002',
      receivedOn: '2026-09-01',
      receivedOnBs: '2083-05-16',
      paymentMethod: 'cheque',
      purpose: 'Election fund',
    }
    const breakdown = {
      version: 1,
      income: {},
      expenditure: { staff_salaries: 100, other: 250 },
      donations: { individualPaisa: 0, institutionalPaisa: 150, count: 2 },
      entries: { income: 0, expenditure: 2 },
      donors: [donor, { ...donor, name: 'No identity', pan: null, purpose: null }],
    } as ReportBreakdown
    const csv = financialReportCsv(
      {
        fiscal_year: '2083/84',
        period: 'Q1',
        opening_balance_paisa: 0,
        closing_balance_paisa: 12345,
        total_income: '0',
        total_expenditure: '0',
        breakdown,
      },
      (section, head) => `${section}:${head}`
    )
    const lines = csv.slice(1).trim().split('\n')
    assert.include(lines, 'summary,closing_balance,summary:closing_balance,123.45,,,,,,')
    assert.include(lines, 'summary,total_expenditure,summary:total_expenditure,3.50,,,,,,')
    const expenditure = lines.filter((line) => line.startsWith('expenditure,'))
    assert.deepEqual(
      expenditure.map((line) => line.split(',').slice(0, 4).join(',')),
      EXPENDITURE_CATEGORIES.map((head) => {
        const paisa = head === 'staff_salaries' ? '1.00' : head === 'other' ? '2.50' : '0.00'
        return `expenditure,${head},expenditure:${head},${paisa}`
      })
    )
    assert.include(
      lines,
      'donor,company,Himal Traders,1.50,institutional,301234567,RCPT-2083/84-000002,2083-05-16,2026-09-01,Election fund'
    )
    assert.include(
      lines,
      'donor,company,No identity,1.50,institutional,,RCPT-2083/84-000002,2083-05-16,2026-09-01,'
    )
  })
})
