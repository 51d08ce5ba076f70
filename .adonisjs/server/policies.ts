export const policies = {
  CampaignPolicy: () => import('#policies/campaign_policy'),
  CommitteePolicy: () => import('#policies/committee_policy'),
  DonationPolicy: () => import('#policies/donation_policy'),
  MemberPolicy: () => import('#policies/member_policy'),
  StaffPolicy: () => import('#policies/staff_policy'),
}

