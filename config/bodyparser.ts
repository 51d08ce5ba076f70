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
    | temp directory. No route takes files yet. A route that will (the
    | portal's /members/import) processes `request.multipart` itself, after
    | its auth middleware, with the CSRF token sent in the X-CSRF-TOKEN header
    | or the form's action query string (the body is unread when Shield runs),
    | and deletes its temp files when done.
    */
    autoProcess: false,
    convertEmptyStringsToNull: true,
    processManually: [],
    limit: '20mb',
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
