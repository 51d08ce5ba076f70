import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Reads the files of a multipart request on a route that takes uploads.
 * The global body parser leaves multipart bodies unread (config/bodyparser.ts),
 * so put this after the route's auth middleware: files reach the disk only
 * once the request is authenticated and passed the CSRF check (token in the
 * X-CSRF-TOKEN header or the action's query string). Temp files are deleted
 * when the request ends; move a file (`file.move()`) to keep it.
 */
export default class ProcessUploadsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.request.bodyType !== 'multipart') return next()

    const tmpPaths: string[] = []
    ctx.request.multipart.onFile('*', { deferValidations: true }, async (part, reportChunk) => {
      const tmpPath = join(tmpdir(), `sangathan-upload-${randomUUID()}`)
      tmpPaths.push(tmpPath)
      part.pause()
      part.on('data', reportChunk)
      await pipeline(part, createWriteStream(tmpPath))
      return { tmpPath }
    })

    try {
      await ctx.request.multipart.process()
      return await next()
    } finally {
      await Promise.all(tmpPaths.map((path) => rm(path, { force: true })))
    }
  }
}
