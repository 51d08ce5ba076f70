import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/**
 * Spending ceilings of the 2079 (2022) House of Representatives election as
 * the Election Commission published them, for a few constituencies (rupees).
 * FPTP: Kathmandu-1, 3, 6, 7 and 8 Rs 2.5 million; the other Kathmandu
 * constituencies, Lalitpur and Bhaktapur among the 17 at Rs 2.7 million;
 * Chitwan-2 and Bara-2 Rs 2.9 million and Tanahun-1 Rs 3.1 million (gazette
 * of Asoj 31, 2079, reused for the 2080 by-elections). PR: Rs 200,000 per
 * candidate on the closed list. Sources in docs/campaigns.md.
 */
export const HOR_2079_CEILINGS: ReadonlyArray<{ constituency: string | null; rupees: number }> = [
  ...[1, 3, 6, 7, 8].map((n) => ({ constituency: `Kathmandu-${n}`, rupees: 2_500_000 })),
  ...[2, 4, 5, 9, 10].map((n) => ({ constituency: `Kathmandu-${n}`, rupees: 2_700_000 })),
  ...[1, 2, 3].map((n) => ({ constituency: `Lalitpur-${n}`, rupees: 2_700_000 })),
  ...[1, 2].map((n) => ({ constituency: `Bhaktapur-${n}`, rupees: 2_700_000 })),
  { constituency: 'Chitwan-2', rupees: 2_900_000 },
  { constituency: 'Bara-2', rupees: 2_900_000 },
  { constituency: 'Tanahun-1', rupees: 3_100_000 },
  { constituency: null, rupees: 200_000 },
]

const paisa = (rupees: number) => rupees * 100

/**
 * A sample campaign for the demo party (demo data only, like the demo
 * members): the 2079 HoR election with FPTP and PR candidates drawn from the
 * first members, the ceilings above, spending that shows each state (under,
 * near and over the ceiling, and a candidate without a recorded ceiling),
 * events and results. Returns the campaign's id; does nothing (null) when
 * the party already has a campaign or fewer than 7 members.
 */
export async function addDemoCampaign(client: QueryClientContract): Promise<number | null> {
  const [{ total }] = await client.from('election_campaigns').count('* as total')
  if (Number(total) > 0) return null
  const members = await client
    .from('members')
    .whereNull('deleted_at')
    .orderBy('id')
    .limit(7)
    .select('id')
  if (members.length < 7) return null

  return client.transaction(async (trx) => {
    const [{ id: campaignId }] = await trx
      .table('election_campaigns')
      .insert({
        name: 'House of Representatives election 2079',
        name_np: 'प्रतिनिधि सभा सदस्य निर्वाचन २०७९',
        election_type: 'federal',
        election_date: '2022-11-20',
        election_date_bs: '2079-08-04',
        fiscal_year: '2079/80',
        status: 'completed',
        results_declared_on: '2022-12-08',
        expense_statement_filed_on: '2023-01-10',
        expense_statement_days: 35,
        ceiling_warning_percent: 80,
        notes: 'Sample campaign of the demo party.',
      })
      .returning('id')

    await trx.table('spending_ceilings').multiInsert(
      HOR_2079_CEILINGS.map((ceiling) => ({
        campaign_id: campaignId,
        election_system: ceiling.constituency ? 'fptp' : 'pr',
        constituency: ceiling.constituency,
        amount_paisa: paisa(ceiling.rupees),
      }))
    )

    const plan = [
      {
        system: 'fptp',
        constituency: 'Kathmandu-1',
        status: 'elected',
        spent: [900_000, 650_000, 600_000],
      },
      {
        system: 'fptp',
        constituency: 'Lalitpur-2',
        status: 'not_elected',
        spent: [700_000, 480_000],
      },
      {
        system: 'fptp',
        constituency: 'Chitwan-2',
        status: 'not_elected',
        spent: [1_500_000, 1_250_000, 240_000],
      },
      { system: 'fptp', constituency: 'Tanahun-1', status: 'elected', spent: [820_000, 410_000] },
      { system: 'fptp', constituency: 'Dolakha-1', status: 'withdrawn', spent: [35_000] },
      { system: 'pr', rank: 1, status: 'elected', spent: [95_000, 75_500] },
      { system: 'pr', rank: 2, status: 'nominated', spent: [42_000] },
    ] as const
    const categories = ['publicity', 'transport', 'meetings', 'office', 'representatives']
    const candidateIds: number[] = []
    for (const [index, entry] of plan.entries()) {
      const [{ id }] = await trx
        .table('candidates')
        .insert({
          campaign_id: campaignId,
          member_id: members[index].id,
          election_system: entry.system,
          constituency: entry.system === 'fptp' ? entry.constituency : null,
          pr_list_rank: entry.system === 'pr' ? entry.rank : null,
          status: entry.status,
        })
        .returning('id')
      candidateIds.push(id)
      await trx.table('candidate_expenses').multiInsert(
        entry.spent.map((rupees, n) => ({
          candidate_id: id,
          spent_on: `2022-11-${String(5 + n * 4).padStart(2, '0')}`,
          category: categories[(index + n) % categories.length],
          amount_paisa: paisa(rupees),
          description: `Campaign ${categories[(index + n) % categories.length]} (sample)`,
          voucher_number: `V-${index + 1}${n + 1}`,
        }))
      )
    }

    const counts = [
      { candidate: 0, votes: 18_452, total: 41_370, winner: true },
      { candidate: 1, votes: 11_208, total: 47_915, winner: false },
      { candidate: 2, votes: 20_117, total: 68_004, winner: false },
      { candidate: 3, votes: 27_390, total: 55_826, winner: true },
    ]
    for (const count of counts) {
      const entry = plan[count.candidate]
      await trx.table('election_results').insert({
        candidate_id: candidateIds[count.candidate],
        votes: count.votes,
        is_winner: count.winner,
      })
      await trx.table('constituency_results').insert({
        campaign_id: campaignId,
        constituency: entry.system === 'fptp' ? entry.constituency : '',
        total_valid_votes: count.total,
      })
    }

    await trx.table('campaign_events').multiInsert([
      {
        campaign_id: campaignId,
        candidate_id: candidateIds[0],
        title: 'Rally at Tundikhel',
        title_np: 'टुँडिखेलमा आमसभा',
        event_type: 'rally',
        starts_at: '2022-11-13T08:15:00Z',
        ends_at: '2022-11-13T11:15:00Z',
        location: 'Tundikhel, Kathmandu',
        status: 'completed',
      },
      {
        campaign_id: campaignId,
        candidate_id: candidateIds[1],
        title: 'Corner meeting in Jawalakhel',
        title_np: 'जावलाखेलमा कोणसभा',
        event_type: 'corner_meeting',
        starts_at: '2022-11-10T10:15:00Z',
        location: 'Jawalakhel, Lalitpur',
        status: 'completed',
      },
      {
        campaign_id: campaignId,
        candidate_id: candidateIds[3],
        title: 'Door to door in Damauli',
        title_np: 'दमौलीमा घरदैलो',
        event_type: 'door_to_door',
        starts_at: '2022-11-08T01:15:00Z',
        location: 'Damauli, Tanahun',
        status: 'completed',
      },
      {
        campaign_id: campaignId,
        candidate_id: null,
        title: 'Manifesto press conference',
        title_np: 'घोषणापत्र सार्वजनिक पत्रकार सम्मेलन',
        event_type: 'press_conference',
        starts_at: '2022-11-01T05:15:00Z',
        location: 'Party office',
        status: 'completed',
      },
    ])
    return campaignId
  })
}
