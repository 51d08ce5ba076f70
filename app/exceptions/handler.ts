import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { TenantConnectionLimitException } from '#tenancy/exceptions'

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
    '500..599': (error, { view }) =>
      error instanceof TenantConnectionLimitException
        ? view.render('pages/errors/busy', { error })
        : view.render('pages/errors/server_error', { error }),
  }

  async handle(error: unknown, ctx: HttpContext) {
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
