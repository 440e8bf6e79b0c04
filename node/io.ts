import { fstatSync, statSync, writeSync } from 'node:fs'
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
 * Writes `text` to fd 1 or 2 directly. Creating process.stdout / process.stderr costs every start ~5 ms (the
 * stream, its tty or pipe handle), which a `domains` or `whitelist` run would spend on one write. A reader that
 * went away (`… | head -1`, `… | true`) ends the run at once and quietly, as other CLIs do, with exit 0, never an
 * EPIPE stack trace; stderr closing is ignored (nothing left to say it on). A descriptor that cannot take the
 * bytes now (EAGAIN: a non-blocking pipe the parent gave us) is handed to Node's stream, which waits.
 */
function writer(fd: 1 | 2): (text: string) => void {
  let stream: NodeJS.WriteStream | undefined
  const closed = () => {
    if (fd === 1) process.exit(0)
  }
  const toStream = (rest: Buffer) => {
    if (!stream) {
      stream = fd === 1 ? process.stdout : process.stderr
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return closed()
        throw e
      })
    }
    stream.write(rest)
  }
  return (text) => {
    if (stream) return void stream.write(text)
    const bytes = Buffer.from(text, 'utf8')
    let done = 0
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EPIPE') return closed()
      if (code === 'EAGAIN') return toStream(bytes.subarray(done))
      throw e
    }
  }
}

/**
 * Whether `fd` is a terminal. node:tty loads node:net with it (~3 ms of a start-up that `domains` otherwise spends
 * in ~20), so it is asked only about a character device that is not the null device: a pipe, a file, a socket
 * or `> /dev/null` is never a terminal.
 */
function isTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd)
    if (!st.isCharacterDevice() || isNullDevice(st.rdev)) return false
  } catch {
    return false
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed (above)
  return (require('node:tty') as typeof import('node:tty')).isatty(fd)
}

/** `rdev` is the null device's (POSIX `/dev/null`; Windows has no such file, and never gets here with NUL). */
function isNullDevice(rdev: number): boolean {
  try {
    return process.platform !== 'win32' && statSync('/dev/null').rdev === rdev
  } catch {
    return false
  }
}

/**
 * The process's streams. Everything printed goes through safeOutput (control characters and terminal escapes
 * from the network, a report or a share link are neutralised); only `progress`, our own bar, writes raw.
 */
export function processIo(): Io {
  const out = writer(1)
  const err = writer(2)
  return {
    out: (t) => out(safeOutput(t)),
    err: (t) => err(safeOutput(t)),
    progress: (t) => err(t),
    isTTY: isTerminal(1),
    errIsTTY: isTerminal(2),
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
