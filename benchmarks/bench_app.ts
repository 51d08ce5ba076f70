/*
|--------------------------------------------------------------------------
| The application, booted as for a console command, for the benchmark
| scripts that time the app's own functions (app_bench, members_bench,
| http_bench). They start it with app.init() and app.boot().
|--------------------------------------------------------------------------
*/
import 'reflect-metadata'
import { Ignitor } from '@adonisjs/core'

const APP_ROOT = new URL('../', import.meta.url)
const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

export const app = new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((application) => {
    application.booting(async () => {
      await import('#start/env')
    })
  })
  .createApp('console')
