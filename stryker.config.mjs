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
  mutate: [
    'app/party/**/*.ts',
    'app/tenancy/schema_inspector.ts',
    // Scored separately in docs/testing.md (70.5 % after its rewrite).
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
