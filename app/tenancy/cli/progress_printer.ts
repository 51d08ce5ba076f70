import type { ProvisioningProgress } from '#tenancy/provisioning_pipeline'

/**
 * Shows provisioning/migration progress: a bar redrawn in place on a
 * terminal, one line per step otherwise (logs, CI).
 */
export class ProgressPrinter {
  #lastLine = ''

  constructor(
    protected stream: NodeJS.WriteStream = process.stderr,
    protected label = ''
  ) {}

  get interactive() {
    return Boolean(this.stream.isTTY)
  }

  update(progress: ProvisioningProgress) {
    const total = progress.total ?? 0
    const index = Math.min(progress.index ?? 0, total)
    const bar = total > 0 ? this.#bar(index / total) : ''
    const counter = total > 0 ? `${index}/${total}` : ''
    const what = progress.migration ? progress.migration.split('/').pop() : (progress.layer ?? '')
    const line = [this.label, bar, counter, progress.stage, what].filter(Boolean).join(' ')
    if (line === this.#lastLine) return
    this.#lastLine = line
    if (this.interactive) {
      this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns || 100) - 1)}`)
    } else {
      this.stream.write(`${line}\n`)
    }
  }

  done() {
    if (this.interactive && this.#lastLine) this.stream.write('\n')
    this.#lastLine = ''
  }

  #bar(ratio: number) {
    const width = 24
    const filled = Math.round(ratio * width)
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`
  }
}
