import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Every `tenant:migrate` run and what it gave for each tenant, so a run can
 * be resumed, failing tenants skipped, and an operator can read the outcome
 * later (status, duration, error).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('fleet_migration_runs', (table) => {
      table.bigIncrements('id')
      table.string('status', 20).notNullable().defaultTo('running')
      table.jsonb('options').notNullable().defaultTo('{}')
      table.string('canary', 40).nullable()
      table.integer('concurrency').notNullable()
      table.integer('tenants').notNullable().defaultTo(0)
      table.integer('ok').notNullable().defaultTo(0)
      table.integer('failed').notNullable().defaultTo(0)
      table.integer('skipped').notNullable().defaultTo(0)
      table.integer('duration_ms').nullable()
      table.timestamp('started_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('finished_at', { useTz: true }).nullable()
    })
    this.schema.createTable('fleet_migration_results', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('run_id')
        .notNullable()
        .references('id')
        .inTable('fleet_migration_runs')
        .onDelete('CASCADE')
      table.integer('tenant_id').nullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.string('slug', 40).notNullable()
      table.string('status', 20).notNullable()
      table.integer('applied').notNullable().defaultTo(0)
      table.integer('pending').notNullable().defaultTo(0)
      table.integer('duration_ms').notNullable().defaultTo(0)
      table.text('error').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['run_id', 'slug'])
      table.index(['tenant_id', 'id'])
    })
  }

  async down() {
    this.schema.dropTable('fleet_migration_results')
    this.schema.dropTable('fleet_migration_runs')
  }
}
