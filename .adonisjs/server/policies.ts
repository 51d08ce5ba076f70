export const policies = {
  MemberPolicy: () => import('#policies/member_policy'),
  StaffPolicy: () => import('#policies/staff_policy'),
}

