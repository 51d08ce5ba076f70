import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { TenantConnectionLimitException, TenantSchemaPendingException } from '#tenancy/exceptions'

/** PostgreSQL's undefined_table. */
const UNDEFINED_TABLE = '42P01'

export default class HttpExceptionHandler extends ExceptionHandler {
  /**
   * Show the framework's debug page in development only.
   */
  protected debug = !app.inProduction

  /**
   * Render status pages for HTML requests outside development.
   */
  protected renderStatusPages = app.inProduction || app.inTest

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '404': (error, { view }) => view.render('pages/errors/not_found', { error }),
    '500..599': (error, { view }) => {
      if (error instanceof TenantConnectionLimitException) {
        return view.render('pages/errors/busy', { error })
      }
      if (error instanceof TenantSchemaPendingException) {
        return view.render('pages/errors/busy', { error, reason: 'schema_pending' })
      }
      return view.render('pages/errors/server_error', { error })
    },
  }

  async handle(error: unknown, ctx: HttpContext) {
    if (ctx.tenant && (error as { code?: unknown } | null)?.code === UNDEFINED_TABLE) {
      // Not broken either: a module's tables are still being created.
      ctx.logger.warn({ err: error }, 'party request met a table not created yet')
      error = new TenantSchemaPendingException('Module tables not created yet', { cause: error })
      ctx.response.header('Retry-After', '30')
    }
    if (error instanceof TenantConnectionLimitException) {
      // Busy, not broken: every tenant connection was in use for the whole wait.
      ctx.response.header('Retry-After', '5')
    }
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
