import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Every queued job as the platform sees it: which tenant, where it stands,
 * its progress and its last error, whichever process ran it. Survives
 * Redis trimming its own job lists and works the same for in-process jobs.
 */
export default class extends BaseSchema {
  protected tableName = 'job_runs'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table.string('name', 100).notNullable()
      table.string('queue', 100).notNullable()
      table.string('mode', 20).notNullable()
      table.string('external_id', 100).nullable()
      table.integer('tenant_id').nullable().references('id').inTable('tenants').onDelete('SET NULL')
      table.jsonb('payload').notNullable().defaultTo('{}')
      table.string('status', 20).notNullable().defaultTo('queued')
      table.integer('attempts').notNullable().defaultTo(0)
      table.integer('max_attempts').notNullable().defaultTo(1)
      table.jsonb('progress').nullable()
      table.jsonb('result').nullable()
      table.text('error').nullable()
      table
        .bigInteger('retry_of')
        .nullable()
        .references('id')
        .inTable('job_runs')
        .onDelete('SET NULL')
      table.timestamp('started_at', { useTz: true }).nullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['tenant_id', 'id'])
      table.index(['status', 'id'])
    })
    this.schema.raw(
      `alter table job_runs add constraint job_runs_status_check
       check (status in ('queued', 'running', 'retrying', 'completed', 'failed'))`
    )
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
