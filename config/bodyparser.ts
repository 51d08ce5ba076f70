import { defineConfig } from '@adonisjs/core/bodyparser'

const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: true,
    types: ['application/x-www-form-urlencoded'],
  },
  json: {
    convertEmptyStringsToNull: true,
    types: [
      'application/json',
      'application/json-patch+json',
      'application/vnd.api+json',
      'application/csp-report',
    ],
  },
  multipart: {
    /*
    | Never parse uploads here: this runs on every route, before
    | authentication and the CSRF check, so a stranger could park files in the
    | temp directory. Routes that take files (the portal's /members/import)
    | add `middleware.uploads()` after their auth middleware; their forms send
    | the CSRF token in the X-CSRF-TOKEN header or the action's query string
    | (the body is still unread when Shield checks it). Temp files are deleted
    | when the request ends.
    */
    autoProcess: false,
    convertEmptyStringsToNull: true,
    processManually: [],
    limit: '20mb',
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
