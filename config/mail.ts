import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, transports } from '@adonisjs/mail'
import { LogMailTransport } from '#support/log_mail_transport'

/**
 * Outgoing mail (password resets). `log` writes mails to the log and sends
 * nothing, so development and tests need no mail server; `smtp` sends
 * through SMTP_HOST. Without MAIL_MAILER: smtp when SMTP_HOST is set, else
 * log. Tests capture mails with `mail.fake()`.
 */
const mailConfig = defineConfig({
  default: env.get('MAIL_MAILER') ?? (env.get('SMTP_HOST') ? 'smtp' : 'log'),
  from: {
    address: env.get('MAIL_FROM_ADDRESS') ?? `no-reply@${env.get('TENANT_ROOT_DOMAIN')}`,
    name: env.get('MAIL_FROM_NAME') ?? 'Sangathan',
  },
  mailers: {
    log: () => new LogMailTransport({ logBodies: !app.inProduction }),
    smtp: transports.smtp({
      host: env.get('SMTP_HOST') ?? 'localhost',
      port: env.get('SMTP_PORT') ?? 587,
      secure: env.get('SMTP_SECURE') ?? false,
      auth: env.get('SMTP_USERNAME')
        ? {
            type: 'login',
            user: env.get('SMTP_USERNAME')!,
            pass: env.get('SMTP_PASSWORD') ?? '',
          }
        : undefined,
    }),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
