import logger from '@adonisjs/core/services/logger'
import { JSONTransport } from '@adonisjs/mail/transports/json'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'

/**
 * The mail transport of development and tests: nothing leaves the machine.
 * Each mail is built as SMTP would build it (nodemailer's JSON transport)
 * and written to the log, text body included, so a developer can follow a
 * password-reset link from the console. With `logBodies` off (production
 * without SMTP configured) only who would have received what is logged,
 * never a body: bodies carry reset links.
 */
export class LogMailTransport implements MailTransportContract {
  #json = new JSONTransport()

  constructor(protected options: { logBodies: boolean }) {}

  async send(message: NodeMailerMessage) {
    const response = await this.#json.send(message)
    const to = (message.to ?? []).map((recipient) =>
      typeof recipient === 'string' ? recipient : recipient.address
    )
    if (this.options.logBodies) {
      logger.info(
        { to, subject: message.subject },
        `mail (not sent, log transport)\n${message.text ?? ''}`
      )
    } else {
      logger.warn({ to, subject: message.subject }, 'mail not sent: no SMTP server is configured')
    }
    return response
  }
}
