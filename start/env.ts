/*
|--------------------------------------------------------------------------
| Environment variables service
|--------------------------------------------------------------------------
|
| Validated at boot: a missing or malformed value stops start-up with a
| message that names the variable.
|
*/
import { Env } from '@adonisjs/core/env'
import { envSchema } from '#start/env_schema'

export default await Env.create(new URL('../', import.meta.url), envSchema)
