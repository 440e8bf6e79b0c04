import { safeOutput } from '../miniprogram/core/sanitize'

/** What a command reads and writes: the process's streams in the CLI (processIo), buffers in tests. */
export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  /** The progress bar's raw writes (carriage return, erase-line); falls back to `err`. */
  progress?: (text: string) => void
  /** stdout is a terminal. */
  isTTY: boolean
  /** stderr is a terminal (where the progress bar goes). */
  errIsTTY: boolean
  readStdin: () => Promise<string>
  env: Record<string, string | undefined>
}

/**
 * A reader that went away (`… | head -1`, `… | true`): stop at once and quietly, as other CLIs do, with exit 0,
 * never an unhandled EPIPE stack trace. stderr closing is ignored (nothing left to say it on).
 */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(0)
    throw e
  })
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e
  })
}

/**
 * The process's streams. Everything printed goes through safeOutput (control characters and terminal escapes
 * from the network, a report or a share link are neutralised); only `progress`, our own bar, writes raw.
 */
export function processIo(): Io {
  quietOnClosedPipe()
  return {
    out: (t) => process.stdout.write(safeOutput(t)),
    err: (t) => process.stderr.write(safeOutput(t)),
    progress: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    errIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = []
        process.stdin.on('data', (c: Buffer) => chunks.push(c))
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        process.stdin.on('error', reject)
      }),
  }
}
