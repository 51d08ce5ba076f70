import app from '@adonisjs/core/services/app'
import { configProvider } from '@adonisjs/core'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'
import { MemoizedFormatter } from '#support/memoized_formatter'

const i18nConfig = defineConfig({
  defaultLocale: 'en',
  supportedLocales: ['en', 'ne'],
  fallbackLocales: { ne: 'en' },
  // ICU, with the messages that take no values formatted once (app/support/memoized_formatter.ts).
  formatter: configProvider.create(async (application) => {
    const icu = await formatters.icu().resolver(application)
    return (config) => new MemoizedFormatter(icu(config))
  }),
  loaders: [
    loaders.fs({
      location: app.languageFilesPath(),
    }),
  ],
})

export default i18nConfig
