export const policies = {
  CommitteePolicy: () => import('#policies/committee_policy'),
  MemberPolicy: () => import('#policies/member_policy'),
  StaffPolicy: () => import('#policies/staff_policy'),
}

