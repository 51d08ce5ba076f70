/*
|--------------------------------------------------------------------------
| Unit test entry point for mutation testing
|--------------------------------------------------------------------------
|
| Boots the app like bin/test.ts but prepares no database (the unit specs
| of the mutation scope need none), so Stryker can run it once per mutant.
| Exit code 0 = every test passed, the mutant survived.
|
*/
process.env.NODE_ENV = 'test'

import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { assert } from '@japa/assert'
import { configure, processCLIArgs, run } from '@japa/runner'

/** Specs that exercise the mutated files (stryker.config.mjs "mutate"). */
export const MUTATION_SPECS = [
  'tests/unit/party/**/*.spec.ts',
  'tests/unit/tenancy/schema_inspector.spec.ts',
  'tests/unit/tenancy/connection_manager.spec.ts',
]

const APP_ROOT = new URL('../../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
  })
  .testRunner()
  .configure(async (app) => {
    processCLIArgs(process.argv.splice(2))
    configure({
      // MUTATION_SPECS=a.spec.ts,b.spec.ts runs only those (a run scoped with --mutate).
      files: process.env.MUTATION_SPECS?.split(',') ?? MUTATION_SPECS,
      plugins: [assert()],
      teardown: [() => app.terminate()],
    })
  })
  .run(() => run())
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
