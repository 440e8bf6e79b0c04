/** A scriptable fake of the network part of `wx`, counting every task it hands out. */

export type HttpKind = 'request' | 'uploadFile' | 'downloadFile'
export type Kind = HttpKind | 'socket'

export type Behaviour =
  | { kind: 'success'; delayMs?: number; statusCode?: number; profile?: Record<string, number> }
  | { kind: 'fail'; delayMs?: number; errMsg: string; errno?: number }
  | { kind: 'hang' }
  | { kind: 'successThenFail'; delayMs?: number }
  | { kind: 'failTwice'; delayMs?: number; errMsg: string }
  | { kind: 'throw'; message: string }
  /** Sockets: onOpen after delayMs. */
  | { kind: 'open'; delayMs?: number; profile?: Record<string, number> }
  /** Sockets: onError(errMsg) after delayMs, then onClose if withClose. */
  | { kind: 'error'; delayMs?: number; errMsg: string; withClose?: boolean }
  /** Sockets: onClose without ever opening. */
  | { kind: 'close'; delayMs?: number; code?: number; reason?: string }

export type Script = (call: { kind: Kind; url: string; attempt: number }) => Behaviour

interface Handlers {
  open?: (res: unknown) => void
  error?: (res: unknown) => void
  close?: (res: unknown) => void
}

export class FakeWx {
  readonly env = { USER_DATA_PATH: 'wxfile://usr' }
  readonly open: Record<Kind, number> = { request: 0, uploadFile: 0, downloadFile: 0, socket: 0 }
  readonly maxOpen: Record<Kind, number> = { request: 0, uploadFile: 0, downloadFile: 0, socket: 0 }
  readonly calls: { kind: Kind; url: string; attempt: number; options: Record<string, unknown> }[] = []
  readonly files = new Map<string, string>()
  fileWrites = 0
  writeFails = false
  closeCodes: (number | undefined)[] = []
  private attempts = new Map<string, number>()
  private timers = new Set<ReturnType<typeof setTimeout>>()

  constructor(public script: Script) {}

  get openTotal(): number {
    return Object.values(this.open).reduce((a, b) => a + b, 0)
  }

  get maxHttpConcurrent(): number {
    return this.peakHttp
  }
  private peakHttp = 0

  /** Stops every pending fake timer (test teardown). */
  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t))
    this.timers.clear()
  }

  private later(ms: number | undefined, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t)
      fn()
    }, ms ?? 0)
    this.timers.add(t)
  }

  private begin(
    kind: Kind,
    url: string,
    options: Record<string, unknown>,
  ): { behaviour: Behaviour; release: () => boolean } {
    const key = `${kind}:${url}`
    const attempt = (this.attempts.get(key) ?? 0) + 1
    this.attempts.set(key, attempt)
    this.calls.push({ kind, url, attempt, options })
    const behaviour = this.script({ kind, url, attempt })
    if (behaviour.kind === 'throw') throw new Error(behaviour.message)
    this.open[kind]++
    this.maxOpen[kind] = Math.max(this.maxOpen[kind], this.open[kind])
    if (kind !== 'socket') {
      this.peakHttp = Math.max(
        this.peakHttp,
        this.open.request + this.open.uploadFile + this.open.downloadFile,
      )
    }
    let released = false
    return {
      behaviour,
      release: () => {
        if (released) return false
        released = true
        this.open[kind]--
        return true
      },
    }
  }

  private http(kind: HttpKind, options: Record<string, unknown>) {
    const { behaviour, release } = this.begin(kind, String(options.url), options)
    const success = options.success as (res: unknown) => void
    const fail = options.fail as (res: unknown) => void
    const fire = (fn: () => void) => {
      // A settled or aborted task fires nothing more, as on a real client... except where the script says
      // so (successThenFail, failTwice), which models clients that misbehave.
      fn()
    }
    let aborted = false
    switch (behaviour.kind) {
      case 'success':
        this.later(behaviour.delayMs, () => {
          if (aborted) return
          release()
          fire(() =>
            success({
              statusCode: behaviour.statusCode ?? 200,
              profile: behaviour.profile,
              errMsg: `${kind}:ok`,
            }),
          )
        })
        break
      case 'fail':
        this.later(behaviour.delayMs, () => {
          if (aborted) return
          release()
          fire(() => fail({ errMsg: behaviour.errMsg, errno: behaviour.errno }))
        })
        break
      case 'successThenFail':
        this.later(behaviour.delayMs, () => {
          release()
          success({ statusCode: 200 })
          fail({ errMsg: `${kind}:fail timeout` })
        })
        break
      case 'failTwice':
        this.later(behaviour.delayMs, () => {
          release()
          fail({ errMsg: behaviour.errMsg })
          fail({ errMsg: behaviour.errMsg })
        })
        break
      default:
        break
    }
    return {
      abort: () => {
        aborted = true
        if (release()) this.later(0, () => fail({ errMsg: `${kind}:fail abort` }))
      },
    }
  }

  request = (options: Record<string, unknown>) => this.http('request', options)
  uploadFile = (options: Record<string, unknown>) => this.http('uploadFile', options)
  downloadFile = (options: Record<string, unknown>) => this.http('downloadFile', options)

  connectSocket = (options: Record<string, unknown>) => {
    const { behaviour, release } = this.begin('socket', String(options.url), options)
    const handlers: Handlers = {}
    let closed = false
    const task = {
      onOpen: (cb: (res: unknown) => void) => (handlers.open = cb),
      onError: (cb: (res: unknown) => void) => (handlers.error = cb),
      onClose: (cb: (res: unknown) => void) => (handlers.close = cb),
      close: (opts: { code?: number }) => {
        this.closeCodes.push(opts?.code)
        if (closed) return
        closed = true
        release()
        this.later(0, () => handlers.close?.({ code: opts?.code ?? 1000, reason: '' }))
      },
    }
    switch (behaviour.kind) {
      case 'open':
        this.later(behaviour.delayMs, () => handlers.open?.({ profile: behaviour.profile }))
        break
      case 'error':
        this.later(behaviour.delayMs, () => {
          handlers.error?.({ errMsg: behaviour.errMsg })
          if (behaviour.withClose && !closed) {
            closed = true
            release()
            handlers.close?.({ code: 1006, reason: 'abnormal closure' })
          }
        })
        break
      case 'close':
        this.later(behaviour.delayMs, () => {
          if (closed) return
          closed = true
          release()
          handlers.close?.({ code: behaviour.code ?? 1006, reason: behaviour.reason ?? '' })
        })
        break
      case 'fail':
        this.later(behaviour.delayMs, () => {
          closed = true
          release()
          ;(options.fail as (r: unknown) => void)?.({ errMsg: behaviour.errMsg, errno: behaviour.errno })
        })
        break
      default:
        break
    }
    return task
  }

  getFileSystemManager = () => ({
    writeFileSync: (path: string, data: string) => {
      if (this.writeFails)
        throw { errMsg: 'writeFileSync:fail the maximum size of the file storage limit is exceeded' }
      this.fileWrites++
      this.files.set(path, data)
    },
  })
}
