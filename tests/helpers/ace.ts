import { spawn } from 'node:child_process'
import app from '@adonisjs/core/services/app'

export interface AceResult {
  exitCode: number
  stdout: string
  stderr: string
}

/**
 * Runs `node ace <args>` as an operator would, in a separate process with
 * the test environment (same landlord database and servers).
 */
export function runAce(args: string[], timeoutMs = 120_000): Promise<AceResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['ace.js', ...args], {
      cwd: app.makePath(),
      env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0', NO_COLOR: '1' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`ace ${args.join(' ')} timed out\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ exitCode: code ?? 1, stdout, stderr })
    })
  })
}
