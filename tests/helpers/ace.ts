import { spawn } from 'node:child_process'
import app from '@adonisjs/core/services/app'

export interface AceResult {
  exitCode: number
  stdout: string
  stderr: string
}

const aceEnv = () => ({ ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0', NO_COLOR: '1' })

/**
 * Runs `node ace <args>` as an operator would, in a separate process with
 * the test environment (same landlord database and servers). Its standard
 * input is a pipe: there is no terminal to answer prompts on.
 */
export function runAce(args: string[], timeoutMs = 120_000): Promise<AceResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['ace.js', ...args], {
      cwd: app.makePath(),
      env: aceEnv(),
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

/**
 * Runs `node ace <args>` in a pseudo-terminal (util-linux `script`), as an
 * operator at a keyboard: once `prompt` shows, types `keys` and Enter.
 * stdout and stderr arrive together, as on a screen.
 */
export function runAceInTerminal(
  args: string[],
  prompt: string,
  keys: string,
  timeoutMs = 120_000
): Promise<AceResult & { answered: boolean }> {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`
  const command = [process.execPath, 'ace.js', ...args].map(quote).join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      cwd: app.makePath(),
      env: aceEnv(),
    })
    let screen = ''
    let answered = false
    child.stdout.on('data', (chunk) => {
      screen += chunk
      if (!answered && screen.includes(prompt)) {
        answered = true
        child.stdin.write(`${keys}\r`)
      }
    })
    child.stderr.on('data', (chunk) => (screen += chunk))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`ace ${args.join(' ')} timed out in a terminal\n${screen}`))
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ exitCode: code ?? 1, stdout: screen, stderr: '', answered })
    })
  })
}
