import env from '#start/env'
import { defineConfig } from '@adonisjs/lucid'
import { pgSettingsFromEnv } from '#support/database_url'

/**
 * Only the landlord connection is configured here. Tenant connections
 * are added at run time by the tenancy connection manager.
 */
const landlord = pgSettingsFromEnv({
  DATABASE_URL: env.get('DATABASE_URL'),
  DB_HOST: env.get('DB_HOST'),
  DB_PORT: env.get('DB_PORT'),
  DB_USER: env.get('DB_USER'),
  DB_PASSWORD: env.get('DB_PASSWORD'),
  DB_DATABASE: env.get('DB_DATABASE'),
})

const dbConfig = defineConfig({
  connection: 'landlord',
  prettyPrintDebugQueries: true,
  connections: {
    landlord: {
      client: 'pg',
      connection: {
        host: landlord.host,
        port: landlord.port,
        user: landlord.user,
        password: landlord.password,
        database: landlord.database,
      },
      pool: { min: 0, max: 10 },
      schemaGeneration: { enabled: false },
      migrations: {
        naturalSort: true,
        paths: ['database/migrations/landlord'],
      },
      seeders: {
        paths: ['database/seeders/landlord'],
      },
    },
  },
})

export default dbConfig
