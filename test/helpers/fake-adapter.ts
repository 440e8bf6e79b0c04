import {
  OutcomeCallback,
  PlatformAdapter,
  ProbeCallOptions,
  ProbeTarget,
  RawOutcome,
} from '../../miniprogram/core/adapter'

/** What a scripted call does: answer after delayMs, hang, throw at start, or a custom sequence. */
export type Behaviour =
  | { kind: 'answer'; delayMs: number; outcome: RawOutcome }
  | { kind: 'hang' }
  | { kind: 'throw'; message: string }
  | { kind: 'custom'; run: (done: OutcomeCallback, attempt: number) => (() => void) | void }

/**
 * A platform adapter that answers from a script, with real timers, counting tasks: a task is open from its
 * start until the adapter answered and was released (abort), or was aborted.
 */
export class FakeAdapter implements PlatformAdapter {
  readonly name = 'fake'
  open = 0
  maxOpen = { http: 0, socket: 0 }
  private openByPool = { http: 0, socket: 0 }
  calls: { id: string; attempt: number; timeoutMs: number }[] = []
  aborts = 0
  private attempts = new Map<string, number>()

  constructor(private readonly script: (target: ProbeTarget, attempt: number) => Behaviour) {}

  request = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
  uploadFile = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
  downloadFile = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
  connectSocket = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)

  private start(target: ProbeTarget, options: ProbeCallOptions, done: OutcomeCallback) {
    const attempt = (this.attempts.get(target.id) ?? 0) + 1
    this.attempts.set(target.id, attempt)
    this.calls.push({ id: target.id, attempt, timeoutMs: options.timeoutMs })
    const behaviour = this.script(target, attempt)
    if (behaviour.kind === 'throw') throw new Error(behaviour.message)
    const pool = target.category === 'socket' ? 'socket' : 'http'
    this.open++
    this.openByPool[pool]++
    this.maxOpen[pool] = Math.max(this.maxOpen[pool], this.openByPool[pool])
    let released = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let cleanup: (() => void) | void
    const release = () => {
      if (released) return
      released = true
      this.open--
      this.openByPool[pool]--
      if (timer) clearTimeout(timer)
      if (cleanup) cleanup()
    }
    if (behaviour.kind === 'answer') {
      timer = setTimeout(() => done(behaviour.outcome), behaviour.delayMs)
    } else if (behaviour.kind === 'custom') {
      cleanup = behaviour.run(done, attempt)
    }
    return {
      abort: () => {
        this.aborts++
        release()
      },
    }
  }
}

export const reached = (statusCode = 200): RawOutcome => ({ reached: true, statusCode })
export const failed = (errMsg: string, errno?: number): RawOutcome => ({ reached: false, errMsg, errno })
