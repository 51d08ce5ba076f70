import tenancy from '#tenancy/services/tenancy'
import { storeEntry, type RawEntry } from '#actions/finance/finance_entries'
import { generateFinancialReport } from '#actions/finance/financial_reports'
import {
  bsMonthLength,
  formatIsoLike,
  nepalCalendarDate,
  adToBs,
} from '#party/calendar/bikram_sambat'
import { fiscalYearFor } from '#party/calendar/fiscal_year'
import type { AuditActor } from '#party/audit/audit_trail'

/** The demo seeder acts as nobody in particular (the audit log shows "System"). */
const SEEDER: AuditActor = { userId: null, ipAddress: null, userAgent: 'demo:seed' }

/** The months of a fiscal year starting in BS `startYear`: Shrawan … Asar. */
function monthsOf(startYear: number) {
  return Array.from({ length: 12 }, (_, index) => {
    const month = ((index + 3) % 12) + 1
    return { year: month >= 4 ? startYear : startYear + 1, month, index }
  })
}

const bs = (year: number, month: number, day: number) =>
  formatIsoLike({ year, month, day: Math.min(day, bsMonthLength(year, month)) })

/**
 * A year of believable books for the demo party: the last complete fiscal
 * year month by month (rent, salaries, utilities, travel, a convention;
 * membership fees, levies, event collections, bank interest), the current
 * fiscal year up to today, and the last year's annual report generated.
 * Runs once: a party that already has expenditure is left alone. Every entry
 * goes through the same action (and audit log) as the pages.
 */
export async function addDemoFinance(now: Date = new Date()) {
  const [{ total }] = await tenancy.db().from('expenditures').count('* as total')
  if (Number(total) > 0) return { entries: 0, report: null }

  const today = formatIsoLike(adToBs(nepalCalendarDate(now)))
  const current = fiscalYearFor(nepalCalendarDate(now)).startYear
  let voucher = 0
  let entries = 0
  const add = async (kind: 'expenditure' | 'income', raw: RawEntry) => {
    if (String(raw.date) > today) return
    const result = await storeEntry(kind, { date_calendar: 'bs', ...raw }, SEEDER, { now })
    if (!result.ok) throw new Error(`demo finance: ${JSON.stringify(result.problems)}`)
    entries++
  }
  const spend = (
    date: string,
    category: string,
    amount: string,
    payee: string,
    method = 'bank_transfer',
    description?: string
  ) =>
    add('expenditure', {
      date,
      category,
      amount,
      payee_name: payee,
      voucher_number: `PV-${String(++voucher).padStart(4, '0')}`,
      payment_method: method,
      bank_reference: method === 'cash' ? undefined : `NIC-${100_000 + voucher}`,
      description,
    })
  const receive = (
    date: string,
    source: string,
    amount: string,
    payer?: string,
    reference?: string
  ) =>
    add('income', {
      date,
      source,
      amount,
      payer_name: payer,
      reference,
      payment_method: source === 'bank_interest' ? 'bank_transfer' : 'cash',
    })

  for (const startYear of [current - 1, current]) {
    for (const { year, month, index } of monthsOf(startYear)) {
      await spend(
        bs(year, month, 1),
        'office_rent',
        '45000',
        'Shree Ganesh Properties, Baneshwor',
        'cheque',
        'Central office rent'
      )
      await spend(
        bs(year, month, 28),
        'staff_salaries',
        '1,85,000',
        'Office staff (6)',
        'bank_transfer',
        'Salaries and allowances'
      )
      await spend(
        bs(year, month, 10),
        'utilities_communication',
        String(6_400 + (index % 4) * 525.5),
        'Nepal Electricity Authority / Nepal Telecom',
        'digital_wallet'
      )
      await spend(
        bs(year, month, 12),
        'office_supplies',
        String(3_250 + index * 115.25),
        'Bhrikuti Stationers',
        'cash'
      )
      await spend(
        bs(year, month, 18),
        'travel_transport',
        String(12_000 + (index % 3) * 4_750),
        'Sajha Yatayat and field travel',
        'cash'
      )
      await receive(
        bs(year, month, 5),
        'membership_fees',
        String(38_000 + index * 2_250),
        'Renewals collected by ward committees',
        `MF-${startYear}-${index + 1}`
      )
      await receive(
        bs(year, month, 20),
        'member_levies',
        '2,75,000',
        'Levies from members holding public office',
        `LV-${startYear}-${index + 1}`
      )
      if (index % 3 === 2) {
        await receive(
          bs(year, month, bsMonthLength(year, month)),
          'bank_interest',
          String(4_125.75 + index * 10),
          'Nepal Investment Mega Bank',
          `INT-${startYear}-Q${(index + 1) / 3}`
        )
      }
    }
    await spend(
      bs(startYear, 8, 15),
      'meetings_conventions',
      '4,75,000',
      'Bagmati province convention, Hetauda',
      'bank_transfer',
      'Venue, food and accommodation'
    )
    await receive(
      bs(startYear, 8, 16),
      'event_collections',
      '1,12,350',
      'Bagmati province convention',
      'EV-CONV'
    )
    await spend(
      bs(startYear, 10, 5),
      'publicity_publications',
      '85,500',
      'Kantipur Offset Press',
      'cheque',
      'Party manifesto, 5,000 copies'
    )
    await receive(
      bs(startYear, 11, 2),
      'publication_property_sales',
      '37,800',
      'Manifesto sales',
      'PB-01'
    )
    await spend(
      bs(startYear, 11, 20),
      'training',
      '68,000',
      'Cadre training, Pokhara',
      'bank_transfer'
    )
    await spend(
      bs(startYear + 1, 2, 8),
      'fixed_assets',
      '1,45,000',
      'Computer Bazaar',
      'cheque',
      'Two laptops and a printer'
    )
    await spend(
      bs(startYear + 1, 3, 25),
      'bank_charges',
      '1,250',
      'Nepal Investment Mega Bank',
      'bank_transfer'
    )
  }

  const previous = `${current - 1}/${String(current % 100).padStart(2, '0')}`
  const report = await generateFinancialReport(previous, 'annual', SEEDER, { now })
  return { entries, report: report.ok ? previous : null }
}
