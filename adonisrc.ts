import { indexEntities } from '@adonisjs/core'
import { defineConfig } from '@adonisjs/core/app'
import { indexPolicies } from '@adonisjs/bouncer'

/**
 * Where the HTTP side (templates, sessions, auth, limiter, routes) is
 * booted. Commands (environment "console") do not load it: node ace
 * starts in about half the time (docs/performance.md).
 */
const HTTP: ('web' | 'test' | 'repl')[] = ['web', 'test', 'repl']

export default defineConfig({
  experimental: {},

  commands: [
    () => import('@adonisjs/core/commands'),
    () => import('@adonisjs/lucid/commands'),
    () => import('@adonisjs/session/commands'),
    () => import('@adonisjs/bouncer/commands'),
    () => import('@adonisjs/mail/commands'),
    // The app's own commands by name (node ace commands:index): running one imports only its file.
    () => import('./commands/_index.js'),
  ],

  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    {
      file: () => import('@adonisjs/core/providers/repl_provider'),
      environment: ['repl', 'test'],
    },
    { file: () => import('@adonisjs/core/providers/vinejs_provider'), environment: HTTP },
    { file: () => import('@adonisjs/core/providers/edge_provider'), environment: HTTP },
    // Sessions and rate limits (HTTP side); BullMQ and the host-cache channel open their own.
    { file: () => import('@adonisjs/redis/redis_provider'), environment: HTTP },
    { file: () => import('@adonisjs/session/session_provider'), environment: HTTP },
    { file: () => import('@adonisjs/shield/shield_provider'), environment: HTTP },
    { file: () => import('@adonisjs/static/static_provider'), environment: HTTP },
    () => import('@adonisjs/lucid/database_provider'),
    { file: () => import('@adonisjs/auth/auth_provider'), environment: HTTP },
    { file: () => import('@adonisjs/i18n/i18n_provider'), environment: HTTP },
    { file: () => import('@adonisjs/limiter/limiter_provider'), environment: HTTP },
    { file: () => import('@adonisjs/mail/mail_provider'), environment: HTTP },
    () => import('#providers/tenancy_provider'),
    // Workers broadcast job progress: every environment (created on first use).
    () => import('#providers/transmit_provider'),
    { file: () => import('@adonisjs/bouncer/bouncer_provider'), environment: HTTP },
  ],

  preloads: [
    { file: () => import('#start/routes'), environment: HTTP },
    { file: () => import('#start/kernel'), environment: HTTP },
    () => import('#start/events'),
    { file: () => import('#start/limiter'), environment: HTTP },
    { file: () => import('#start/view'), environment: HTTP },
  ],

  tests: {
    suites: [
      {
        files: ['tests/unit/**/*.spec.ts'],
        name: 'unit',
        timeout: 10000,
      },
      {
        files: ['tests/functional/**/*.spec.ts'],
        name: 'functional',
        timeout: 60000,
      },
      {
        files: ['tests/browser/**/*.spec.ts'],
        name: 'browser',
        timeout: 120000,
      },
    ],
    forceExit: true,
  },

  metaFiles: [
    {
      pattern: 'resources/views/**/*.edge',
      reloadServer: false,
    },
    {
      pattern: 'resources/lang/**/*.{json,yaml,yml}',
      reloadServer: false,
    },
    {
      pattern: 'public/**',
      reloadServer: false,
    },
    {
      pattern: 'database/data/**',
      reloadServer: false,
    },
  ],

  hooks: {
    init: [indexEntities(), indexPolicies()],
  },
})
