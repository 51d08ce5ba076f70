import tenancy from '#tenancy/services/tenancy'
import { recordDonation, type RecordDonationInput } from '#actions/donations/record_donation'
import { verifyDonation } from '#actions/donations/verify_donation'
import { fiscalYearFor } from '#party/calendar/fiscal_year'
import { formatIsoLike, nepalCalendarDate } from '#party/calendar/bikram_sambat'

type Sample = Omit<RecordDonationInput, 'received'> & { verified?: boolean }

/**
 * Sample donations of the demo party: individuals in cash and by cheque,
 * companies and a private college through the bank, and one donor whose
 * two cash gifts add up past the cash limit (flagged for the treasurer).
 */
const SAMPLES: Sample[] = [
  {
    donorType: 'individual',
    donorName: 'Ram Bahadur Thapa',
    citizenshipNumber: '27-01-70-11021',
    amount: '5000',
    paymentMethod: 'cash',
    verified: true,
  },
  {
    donorType: 'individual',
    donorName: 'सीता शर्मा',
    citizenshipNumber: '33-02-71-04512',
    amount: '2500',
    paymentMethod: 'cash',
    verified: true,
  },
  {
    donorType: 'private_organisation',
    donorName: 'Himal Cement Udhyog Pvt. Ltd.',
    pan: '302145678',
    amount: '250000',
    paymentMethod: 'bank_transfer',
    bankReference: 'NABIL-TXN-884120',
    verified: true,
  },
  {
    donorType: 'individual',
    donorName: 'Krishna Prasad Gurung',
    citizenshipNumber: '40-01-68-20031',
    amount: '50000',
    paymentMethod: 'cheque',
    bankReference: 'NIC-CHQ-004518',
    verified: true,
  },
  {
    donorType: 'individual',
    donorName: 'Maya Tamang',
    citizenshipNumber: '25-03-75-30112',
    amount: '1000.50',
    paymentMethod: 'digital_wallet',
    bankReference: 'ESEWA-77120931',
  },
  {
    donorType: 'private_educational_institution',
    donorName: 'Everest Model College',
    pan: '604512398',
    amount: '75000',
    paymentMethod: 'cheque',
    bankReference: 'GBIME-CHQ-120045',
  },
  // The split: Rs 15,000 and then Rs 12,000 in cash from one citizen (Rs 27,000 > Rs 25,000).
  {
    donorType: 'individual',
    donorName: 'Hari Prasad Koirala',
    citizenshipNumber: '27-01-74-05678',
    amount: '15000',
    paymentMethod: 'cash',
  },
  {
    donorType: 'individual',
    donorName: 'हरि प्रसाद कोइराला',
    citizenshipNumber: '27-01-74-05678',
    amount: '12000',
    paymentMethod: 'cash',
  },
  {
    donorType: 'individual',
    donorName: 'Bishnu Maya Rai',
    citizenshipNumber: '10-01-72-40551',
    amount: '20000',
    paymentMethod: 'cash',
  },
  {
    donorType: 'private_organisation',
    donorName: 'Sagarmatha Traders',
    pan: '301998877',
    amount: '100000',
    paymentMethod: 'bank_transfer',
    bankReference: 'SBL-TXN-551203',
  },
]

/**
 * Adds the sample donations to the current tenant's empty donations book,
 * through recordDonation (so every rule, receipt number and audit row is
 * real), spread over the current fiscal year up to today; the first ones
 * are verified by the party's first admin. Returns how many were added.
 */
export async function addDemoDonations(now: Date = new Date()): Promise<number> {
  const [{ total }] = await tenancy.db().from('donations').count('* as total')
  if (Number(total) > 0) return 0
  const admin = await tenancy.db().from('users').where('role', 'admin').orderBy('id').first()
  const start = fiscalYearFor(nepalCalendarDate(now)).startAd
  const startMs = Date.UTC(start.year, start.month - 1, start.day)
  const today = nepalCalendarDate(now)
  const span = Math.max(
    0,
    (Date.UTC(today.year, today.month - 1, today.day) - startMs) / 86_400_000
  )
  let added = 0
  for (const [index, { verified, ...sample }] of SAMPLES.entries()) {
    const day = new Date(startMs + Math.floor((span * index) / SAMPLES.length) * 86_400_000)
    const date = formatIsoLike({
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
    })
    const result = await recordDonation(
      { ...sample, received: { calendar: 'ad', date }, recordedBy: admin?.id ?? null },
      { now }
    )
    if (!result.ok) throw new Error(`Demo donation refused: ${JSON.stringify(result.problems)}`)
    added++
    if (verified && admin) {
      await verifyDonation(result.donation.id, {
        userId: admin.id,
        ipAddress: null,
        userAgent: 'demo:seed',
      })
    }
  }
  return added
}
