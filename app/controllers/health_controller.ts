import type { HttpContext } from '@adonisjs/core/http'
import { checkServices } from '#services/health_checks'

/**
 * GET /health: the landlord database and, when configured, Redis.
 */
export default class HealthController {
  async show({ response }: HttpContext) {
    const report = await checkServices()
    return response.status(report.healthy ? 200 : 503).json(report)
  }
}
