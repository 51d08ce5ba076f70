export const policies = {
  AuditLogPolicy: () => import('#policies/audit_log_policy'),
  CampaignPolicy: () => import('#policies/campaign_policy'),
  CommitteePolicy: () => import('#policies/committee_policy'),
  DonationPolicy: () => import('#policies/donation_policy'),
  FinancePolicy: () => import('#policies/finance_policy'),
  MemberPolicy: () => import('#policies/member_policy'),
  StaffPolicy: () => import('#policies/staff_policy'),
}

