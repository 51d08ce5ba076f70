import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'

/**
 * How long an uploaded CSV waits for its preview to be confirmed. An
 * upload older than this is never imported and is deleted by the sweep.
 */
export const IMPORT_UPLOAD_MAX_AGE_MS = 2 * 60 * 60 * 1000

/**
 * `<tenant id>-<token>.csv`, and `….csv.claimed` while being imported: the
 * only names the sweep touches.
 */
const UPLOAD_NAME = /^\d+-[0-9a-f]{32}\.csv(\.claimed)?$/

/** The folder where uploads wait between preview and confirmation. */
export function importUploadsDir() {
  return app.makePath('tmp', 'imports')
}

/**
 * The file of an upload: named by party and token, so a token is
 * meaningless on any other party's host.
 */
export function importUploadPath(tenantId: number, token: string) {
  return app.makePath('tmp', 'imports', `${tenantId}-${token}.csv`)
}

/** A new upload token and its file name for the party. */
export async function newImportUpload(tenantId: number) {
  await mkdir(importUploadsDir(), { recursive: true })
  const token = randomBytes(16).toString('hex')
  return { token, name: `${tenantId}-${token}.csv`, path: importUploadPath(tenantId, token) }
}

/**
 * The path of the party's upload for `token` when it exists and has not
 * expired; null for a malformed token, another party's token, a missing
 * file or an expired one (which is deleted on the way).
 */
export async function findImportUpload(tenantId: number, token: unknown, now = Date.now()) {
  if (typeof token !== 'string' || !/^[0-9a-f]{32}$/.test(token)) return null
  const path = importUploadPath(tenantId, token)
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) return null
  if (now - info.mtimeMs > IMPORT_UPLOAD_MAX_AGE_MS) {
    await rm(path, { force: true })
    return null
  }
  return path
}

/**
 * Takes the party's upload for `token` for one import: the file is renamed
 * (atomic), so two confirmations of the same preview cannot both import
 * it. Returns the claimed path, to be deleted after the import; null when
 * `findImportUpload` finds nothing or another request claimed it first.
 */
export async function claimImportUpload(tenantId: number, token: unknown, now = Date.now()) {
  const path = await findImportUpload(tenantId, token, now)
  if (!path) return null
  const claimed = `${path}.claimed`
  try {
    await rename(path, claimed)
  } catch {
    return null
  }
  // The sweep measures a claimed file's age from its claim, not its upload.
  await utimes(claimed, new Date(now), new Date(now))
  return claimed
}

/**
 * Deletes every upload (of any party) older than `maxAgeMs`; files that are
 * not uploads are left alone. Returns how many were deleted. Runs on each
 * preview and confirmation, and from `node ace members:sweep-imports`.
 */
export async function sweepImportUploads(
  options: { maxAgeMs?: number; now?: number } = {}
): Promise<number> {
  const maxAge = options.maxAgeMs ?? IMPORT_UPLOAD_MAX_AGE_MS
  const now = options.now ?? Date.now()
  const names = await readdir(importUploadsDir()).catch(() => [] as string[])
  let deleted = 0
  for (const name of names) {
    if (!UPLOAD_NAME.test(name)) continue
    const path = app.makePath('tmp', 'imports', name)
    const info = await stat(path).catch(() => null)
    if (!info?.isFile() || now - info.mtimeMs <= maxAge) continue
    await rm(path, { force: true })
    deleted++
  }
  return deleted
}
