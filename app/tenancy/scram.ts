import { createHash, createHmac, pbkdf2, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'

const derive = promisify(pbkdf2)

/** PostgreSQL's default (scram_iterations in PostgreSQL 16+, fixed before). */
export const SCRAM_ITERATIONS = 4096

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password
 * (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, RFC 5802 /
 * 7677), computed here so that CREATE ROLE … PASSWORD '<verifier>' stores it
 * as it is: the server skips its own PBKDF2 (≈ 4096 HMACs on the database's
 * CPU) and the derivation runs on Node's thread pool while other work goes on.
 * The password must need no SASLprep (ASCII printable, as newPassword's are).
 */
export async function scramVerifier(
  password: string,
  options: { salt?: Buffer; iterations?: number } = {}
) {
  if (!/^[\x21-\x7e]+$/.test(password)) {
    throw new Error('scramVerifier takes printable ASCII passwords only (no SASLprep here)')
  }
  const salt = options.salt ?? randomBytes(16)
  const iterations = options.iterations ?? SCRAM_ITERATIONS
  const salted = await derive(password, salt, iterations, 32, 'sha256')
  const clientKey = createHmac('sha256', salted).update('Client Key').digest()
  const storedKey = createHash('sha256').update(clientKey).digest()
  const serverKey = createHmac('sha256', salted).update('Server Key').digest()
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`
}
