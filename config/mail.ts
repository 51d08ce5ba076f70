import env from '#start/env'
import { configProvider } from '@adonisjs/core'
import app from '@adonisjs/core/services/app'
import type { InferMailers } from '@adonisjs/mail/types'

/**
 * Outgoing mail (password resets). `log` writes mails to the log and sends
 * nothing, so development and tests need no mail server; `smtp` sends
 * through SMTP_HOST. Without MAIL_MAILER: smtp when SMTP_HOST is set, else
 * log. Tests capture mails with `mail.fake()`.
 *
 * Built when the mail provider boots (HTTP side): '@adonisjs/mail' loads
 * nodemailer, and every config file is read when a command starts
 * (docs/performance.md, CLI start-up).
 */
async function mailConfig() {
  const { defineConfig, transports } = await import('@adonisjs/mail')
  const { LogMailTransport } = await import('#support/log_mail_transport')
  return defineConfig({
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
}

export default configProvider.create(async (application) =>
  configProvider.resolve(application, await mailConfig())
)

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<Awaited<ReturnType<typeof mailConfig>>> {}
}
