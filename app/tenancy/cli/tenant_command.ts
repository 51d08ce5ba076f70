import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type Tenant from '#models/landlord/tenant'
import { findTenant, mapConcurrently, selectTenants } from '#tenancy/cli/tenant_selection'
import { ProgressPrinter } from '#tenancy/cli/progress_printer'
import { errorLine } from '#tenancy/cli/error_line'
import { TenantProvisioningException } from '#tenancy/exceptions'
import { LAYER_TYPES, type LayerType } from '#tenancy/layers'

/**
 * What a fleet command's work gave for one tenant: its value, or the one-line
 * error that stopped it.
 */
export type TenantOutcome<R> =
  | { tenant: Tenant; value: R; error?: undefined }
  | { tenant: Tenant; value?: undefined; error: string }

const LOG_LEVEL_DEBUG = 20
const LOG_LEVEL_ERROR = 50

type Renderer = Parameters<BaseCommand['logger']['useRenderer']>[0]

/**
 * Writes every message to stderr, so stdout carries nothing but --json output.
 */
const stderrRenderer: Renderer = {
  getLogs: () => [],
  flushLogs: () => {},
  log: (message) => process.stderr.write(`${message}\n`),
  logError: (message) => process.stderr.write(`${message}\n`),
  logUpdate: (message) => process.stderr.write(`${message}\n`),
  logUpdatePersist: () => {},
}

/**
 * Base of the tenant commands (the idea of stancl/tenancy's
 * TenantAwareCommand): finding the tenants a command names, running work
 * once per tenant so one broken tenant never stops the others, keeping
 * stdout to one JSON document with --json, asking before destructive work,
 * and turning any failure into one line and exit code 1.
 */
export abstract class TenantCommand extends BaseCommand {
  static options: CommandOptions = { startApp: true }

  /** Set by commands that offer --json. */
  declare json?: boolean

  /**
   * With --json, messages go to stderr: stdout is the JSON document alone.
   * The command reports each failure in one line, so the app logger's
   * warnings about the same failure (the connection pool's, with a stack)
   * are kept back; LOG_LEVEL=debug still shows everything.
   */
  async prepare() {
    if (this.json) this.logger.useRenderer(stderrRenderer)
    const { default: appLogger } = await import('@adonisjs/core/services/logger')
    if (appLogger.levelNumber > LOG_LEVEL_DEBUG && appLogger.levelNumber < LOG_LEVEL_ERROR) {
      appLogger.level = 'error'
    }
  }

  /**
   * Whatever a command did not handle ends as one line on stderr and exit
   * code 1, not a stack trace (DEBUG=sangathan:cli shows the stack).
   */
  async completed() {
    if (!this.error) return false
    this.fail(errorLine(this.error))
    if (process.env.DEBUG?.includes('sangathan:cli') && this.error instanceof Error) {
      process.stderr.write(`${this.error.stack}\n`)
    }
    return true
  }

  /**
   * Logs the message to stderr and makes the command exit with 1.
   */
  protected fail(message: string) {
    this.logger.error(message)
    this.exitCode = 1
  }

  /**
   * Writes the --json document: the only thing on stdout.
   */
  protected printJson(document: unknown) {
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`)
  }

  /**
   * Runs work for each tenant (in order, `concurrency` at a time). A tenant
   * whose work throws gets its error on its outcome and on stderr; the
   * others still run, and the command exits 1 at the end.
   */
  protected async forEachTenant<R>(
    tenants: Tenant[],
    work: (tenant: Tenant) => Promise<R>,
    options: { concurrency?: number } = {}
  ): Promise<TenantOutcome<R>[]> {
    return mapConcurrently(
      tenants,
      options.concurrency ?? 1,
      async (tenant): Promise<TenantOutcome<R>> => {
        try {
          return { tenant, value: await work(tenant) }
        } catch (error) {
          const line = errorLine(error)
          this.fail(`${tenant.slug}: ${line}`)
          return { tenant, error: line }
        }
      }
    )
  }

  /**
   * The active tenant with this slug, or undefined after reporting why not.
   */
  protected async activeTenant(slug: string): Promise<Tenant | undefined> {
    const tenant = await findTenant(slug)
    if (!tenant) {
      this.fail(`No tenant "${slug}" (see node ace tenant:list)`)
      return undefined
    }
    if (tenant.status !== 'active') {
      this.fail(`${tenant.slug} is ${tenant.status}, not active`)
      return undefined
    }
    return tenant
  }

  /**
   * The tenants a command was pointed at: the one slug given, or every
   * tenant with one of `statuses`. Undefined (after reporting) for an
   * unknown slug.
   */
  protected async tenantsOrFail(slug?: string, statuses?: string[]) {
    const { tenants, unknown } = await selectTenants(slug ? [slug] : [], statuses)
    if (unknown.length > 0) {
      this.fail(`No tenant "${unknown.join(', ')}" (see node ace tenant:list)`)
      return undefined
    }
    return tenants
  }

  /**
   * Checks a --layer value; reports and returns false when invalid.
   */
  protected validLayer(layer?: string): layer is LayerType | undefined {
    if (layer === undefined || LAYER_TYPES.includes(layer as LayerType)) return true
    this.fail(`--layer must be one of ${LAYER_TYPES.join(', ')}`)
    return false
  }

  /**
   * Asks the operator to confirm; --force answers yes. Without a terminal to
   * ask on (a pipe, cron, CI) and without --force, refuses instead of waiting.
   */
  protected async confirmed(question: string, force: boolean): Promise<boolean> {
    if (force) return true
    if (!process.stdin.isTTY) {
      this.fail(`${question} There is no terminal to ask on: run it again with --force`)
      return false
    }
    if (await this.prompt.confirm(question, { default: false })) return true
    this.fail('Cancelled: nothing was changed')
    return false
  }

  /**
   * Provisions inline with a progress display on stderr. On failure, prints
   * the stage, the migration and the reason, and returns undefined.
   */
  protected async provisionWithProgress(tenant: Tenant, options: { keepFailed?: boolean } = {}) {
    const { default: provisioner } = await import('#tenancy/services/provisioner')
    const progress = new ProgressPrinter(process.stderr, tenant.slug)
    try {
      const result = await provisioner.provision(tenant, {
        keepFailed: options.keepFailed,
        onProgress: (event) => progress.update(event),
      })
      progress.done()
      this.logger.success(
        `${tenant.slug} is active: database ${result.tenant.dbName}, ${result.stats.migrations} migrations in ${result.stats.durationMs} ms, schema ${result.schemaHash.slice(0, 12)}`
      )
      // Off the party's path: it is active already; a failure here only warns.
      await provisioner.refillSpares(tenant).catch((error: Error) => {
        this.logger.warning(`no spare database made for the next party: ${error.message}`)
      })
      return result
    } catch (error) {
      progress.done()
      if (error instanceof TenantProvisioningException) {
        this.logger.error(`Provisioning ${tenant.slug} failed at stage ${error.details.stage}`)
        if (error.details.migration) this.logger.error(`migration: ${error.details.migration}`)
      }
      this.fail(errorLine(error))
      return undefined
    }
  }
}
