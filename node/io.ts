import { fstatSync, statSync, writeSync } from 'node:fs'
import { safeOutput, withoutBom } from '../miniprogram/core/sanitize'

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
  /**
   * All of stdin as UTF-8 text. With `maxBytes`, it stops reading once stdin has sent more and rejects with
   * StdinTooLarge: a pipe of any size costs at most that much memory.
   */
  readStdin: (maxBytes?: number) => Promise<string>
  /**
   * Stdin one line at a time, as it arrives (`tail -f log | zim-netcheck classify -` answers each line at once), in
   * constant memory: a line is kept up to `maxChars` characters and the rest of it skipped (`cut`). Resolves at
   * the end of stdin. A last line without its newline counts; `\r\n` ends a line too.
   */
  stdinLines: (line: (text: string, cut: boolean) => void, maxChars: number) => Promise<void>
  env: Record<string, string | undefined>
}

/** Stdin sent more than a command reads (Io.readStdin's `maxBytes`); how much more is not known. */
export class StdinTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`stdin sent more than ${maxBytes} bytes`)
  }
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
    readStdin: (maxBytes) =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = []
        let bytes = 0
        const onData = (c: Buffer) => {
          bytes += c.length
          if (maxBytes === undefined || bytes <= maxBytes) return void chunks.push(c)
          process.stdin.off('data', onData)
          process.stdin.destroy()
          chunks.length = 0
          reject(new StdinTooLarge(maxBytes))
        }
        process.stdin.on('data', onData)
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        process.stdin.on('error', reject)
      }),
    stdinLines: (line, maxChars) => eachLine(process.stdin, line, maxChars),
  }
}

/** Io.stdinLines over any byte stream: UTF-8 decoded across chunk boundaries, each line bounded to `maxChars`. */
export function eachLine(
  input: NodeJS.ReadableStream,
  line: (text: string, cut: boolean) => void,
  maxChars: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // Required here: only `classify -` reads lines, and every other start would pay for loading it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (above)
    const { StringDecoder } = require('node:string_decoder') as typeof import('node:string_decoder')
    const decoder = new StringDecoder('utf8')
    // The line so far, up to maxChars + 1 characters (room for a `\r` before its `\n`); `over`: it had more.
    let held = ''
    let over = false
    const keep = (part: string) => {
      const room = maxChars + 1 - held.length
      if (part.length > room) over = true
      held += part.length > room ? part.slice(0, room) : part
    }
    const emit = () => {
      const text = !over && held.endsWith('\r') ? held.slice(0, -1) : held
      line(text.slice(0, maxChars), over || text.length > maxChars)
      held = ''
      over = false
    }
    let first = true
    const take = (text: string) => {
      // A UTF-8 byte order mark opening the stream (Windows Notepad writes one) is no part of the first line.
      if (first && text !== '') {
        first = false
        text = withoutBom(text)
      }
      let start = 0
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        keep(text.slice(start, nl))
        emit()
        start = nl + 1
      }
      keep(text.slice(start))
    }
    input.on('data', (chunk: Buffer | string) =>
      take(typeof chunk === 'string' ? chunk : decoder.write(chunk)),
    )
    input.on('end', () => {
      take(decoder.end())
      if (held !== '' || over) emit()
      resolve()
    })
    input.on('error', reject)
  })
}
