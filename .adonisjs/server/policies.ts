export const policies = {
  AuditLogPolicy: () => import('#policies/audit_log_policy'),
  FinancePolicy: () => import('#policies/finance_policy'),
  MemberPolicy: () => import('#policies/member_policy'),
  StaffPolicy: () => import('#policies/staff_policy'),
}

