/**
 * Mutation testing (npm run test:mutation): see docs/testing.md.
 *
 * Japa has no Stryker runner, so the command runner runs the DB-free unit
 * specs of the scope through tests/mutation/run_unit.ts once per mutant.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'command',
  commandRunner: { command: 'node --import=@poppinss/ts-exec tests/mutation/run_unit.ts' },
  coverageAnalysis: 'off',
  // The rules where one wrong operator costs money, breaks the law or hides
  // drift: pure functions the DB-free unit specs of run_unit.ts exercise.
  // Listed one by one, so a new file is a decision, not an accident.
  //
  // Not listed, on purpose: the DB-backed modules of app/party (*_queries.ts,
  // list_*.ts, demo_*.ts, export_*/import_*, the staff user provider, the
  // view and message helpers bound to an HttpContext). They need a party's
  // database, which this runner does not create, so every mutant there would
  // survive and say nothing; the functional specs (tests/functional/party/**)
  // cover them against real PostgreSQL. Where a file mixes both, only the
  // lines of its pure part are mutated (`file:from-to`).
  mutate: [
    // Calendar: BS ↔ AD, fiscal years, Nepali numbers and dates.
    'app/party/calendar/bikram_sambat.ts',
    'app/party/calendar/fiscal_year.ts',
    'app/party/calendar/nepali_format.ts',
    // Donations (Political Parties Act s.37–s.41): limits, amounts, receipts, deadlines.
    'app/party/donations/donation_rules.ts',
    'app/party/donations/donation_amount.ts',
    'app/party/donations/amount_in_words.ts',
    'app/party/donations/received_date.ts',
    // auditDeadlines only; donationComplianceCard below it reads the database.
    'app/party/donations/compliance.ts:13-53',
    'app/party/identity/citizenship_number.ts',
    // Finance: report periods, heads, the report CSV.
    'app/party/finance/report_period.ts',
    'app/party/finance/finance_heads.ts',
    'app/party/finance/report_csv.ts',
    // Campaigns: spending ceiling, vote share, nomination workflow, Nepal time.
    'app/party/campaigns/campaign_rules.ts',
    'app/party/campaigns/nepal_time.ts',
    // Committees: levels, ids and references from URLs.
    'app/party/committees/committee_levels.ts',
    // Staff: hashResetToken only; the rest of password resets is database work.
    'app/party/staff/password_reset.ts:13-15',
    // Audit log: changedValues only (which fields an update records).
    'app/party/audit/audit_trail.ts:71-81',
    // Geography and members.
    'app/party/geography/nepal_geography.ts',
    'app/party/geography/nepali_text.ts',
    'app/party/members/member_address.ts',
    'app/party/members/members_per_month.ts',
    // Tenancy: drift detection and the connection budget.
    'app/tenancy/schema_inspector.ts',
    'app/tenancy/connection_manager.ts',
  ],
  ignorePatterns: ['build', 'coverage', 'reports', 'tmp', 'public/vendor', '.adonisjs'],
  tempDirName: 'tmp/stryker',
  // The machine is shared: two workers at most, override with --concurrency.
  concurrency: 2,
  // Added to 1.5 × the initial run time: mutants that loop forever fail fast.
  timeoutMS: 5_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
}
