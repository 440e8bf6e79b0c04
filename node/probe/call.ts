/**
 * One platform call's connection and life cycle, whatever the operation: where and how to connect (TCP then
 * TLS, or inside a proxy's tunnel; --cacert's trust), the call's own deadline, the h2-only retry, and settling
 * exactly once — `done` runs after every socket of the call is closed, and never after abort(). What is said
 * over the connection is the subclass's: node/probe/http.ts (request, uploadFile, downloadFile) and
 * node/probe/websocket.ts (connectSocket).
 */
import type * as tls from 'node:tls'
import type {
  OutcomeCallback,
  PlatformTiming,
  ProbeTarget,
  ProbeTask,
  RawOutcome,
} from '../../miniprogram/core/adapter'
import { safeField, trimOpenSsl } from '../../miniprogram/core/sanitize'
import { messageOf } from '../errors'
import { Route, routeFor } from '../routing'
import { Connection, Created, Marks } from './connection'
import {
  ALPN_H2,
  BODY_GRACE_MS,
  DEADLINE_MARGIN_MS,
  formatBytes,
  MAX_HEADER_BYTES,
  now,
  Operation,
  ProbeContext,
} from './context'

/**
 * The message of an error that ended a call before any answer, one line. Node's HTTP parser errors (`HPE_*`:
 * bytes after TLS that are not HTTP, a malformed status line, headers over the limit) are answers that are
 * wrong, not absent: they are tagged `ERR_INVALID_HTTP_RESPONSE`, Chromium's name for the same failure, so the
 * classifier files them under `http`. OpenSSL messages lose their thread id and source path.
 */
export function errorMessage(err: NodeJS.ErrnoException | Error | unknown): string {
  const e = err as NodeJS.ErrnoException
  const message = trimOpenSsl(messageOf(err))
  const code = typeof e?.code === 'string' ? e.code : ''
  if (code === 'HPE_HEADER_OVERFLOW')
    return `response headers larger than ${MAX_HEADER_BYTES / 1024} KB (ERR_INVALID_HTTP_RESPONSE): ${message}`
  if (code.startsWith('HPE_')) return `not a valid HTTP answer (ERR_INVALID_HTTP_RESPONSE): ${message}`
  return message
}

export abstract class ProbeCall implements ProbeTask {
  protected outcome?: RawOutcome
  protected aborted = false
  private reported = false
  protected route?: Route
  protected url?: URL
  /** The current attempt's connection (a second one only for the h2 retry). */
  protected conn?: Connection
  /** HTTP status of the answer (any status, interim 1xx included; WebSocket: a non-101 answer). */
  protected statusCode?: number
  /** The server refused HTTP/1.1 in ALPN and completed a handshake offering only h2. */
  protected h2Only = false
  private triedH2 = false
  /** Body bytes read after the answer (HTTP), for the detail of what happened next. */
  protected bodyBytes = 0
  private timer?: ReturnType<typeof setTimeout>
  /** The subclass's wait after an answer: the body, or the final answer after a 1xx. */
  protected graceTimer?: ReturnType<typeof setTimeout>
  private t0 = now()
  private readonly deadlineAt: number
  protected marks: Marks = {}

  constructor(
    protected readonly ctx: ProbeContext,
    protected readonly operation: Operation,
    private readonly target: ProbeTarget,
    private readonly timeoutMs: number,
    private readonly done: OutcomeCallback,
  ) {
    this.deadlineAt = this.t0 + timeoutMs
  }

  /** Speak the operation's protocol over `connect` (https.request, ws). */
  protected abstract begin(url: URL): void
  /** The server completed a handshake offering only h2. */
  protected abstract onH2(socket: tls.TLSSocket): void
  /** Destroy and forget the protocol objects (request, WebSocket, h2 session): the call ends or starts again. */
  protected abstract dropProtocol(): void

  start(): void {
    // The call's own deadline, like wx's `timeout`: a socket idle timer would restart on every byte.
    this.timer = setTimeout(() => this.onTimeout(), this.timeoutMs)
    let url: URL
    try {
      url = new URL(this.target.url)
    } catch (e) {
      this.fail(e)
      return
    }
    const scheme = this.operation === 'connectSocket' ? 'wss:' : 'https:'
    if (url.protocol !== scheme) {
      this.finish({
        reached: false,
        errMsg: `url scheme is invalid: ${url.protocol} (expected ${scheme})`,
        code: 'ERR_INVALID_URL_SCHEME',
      })
      return
    }
    this.url = url
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    const port = url.port ? Number(url.port) : 443
    this.route = routeFor(host, port, this.ctx.options, this.operation === 'connectSocket' ? 'wss' : 'https')
    this.begin(url)
  }

  abort(): void {
    // After `done` (a WebSocket closing politely in the background) there is nothing left to release early:
    // the close is bounded by WS_CLOSE_GRACE_MS and never holds the engine's pool or the process.
    if (this.aborted || this.reported) return
    this.aborted = true
    this.destroyAll()
  }

  /** The host answered at the protocol level: from here on nothing can make the probe fail. */
  protected answered(): boolean {
    return this.statusCode !== undefined || this.h2Only
  }

  /**
   * One place decides where and how to connect: `createConnection` for https.request and ws, and the h2 retry.
   * Nothing is returned: `created` gets the TLS socket once TCP is connected (direct) or the tunnel is open
   * (proxy); a failure before that fails the call (the request waiting for its socket is destroyed with it).
   * Whatever an abandoned connection still says is ignored: only the current one counts.
   */
  protected connect(alpn: string[], created: Created): undefined {
    const conn: Connection = new Connection(this.ctx, this.route as Route, this.marks, {
      onError: (err) => conn === this.conn && this.fail(err),
      onClose: () => conn === this.conn && this.onSocketClose(),
      onProxyTimeout: (err) =>
        conn === this.conn &&
        this.finish({ reached: false, errMsg: err.message, code: err.code, ...this.timingField() }),
      wanted: () => conn === this.conn && !this.outcome && !this.aborted,
    })
    this.conn = conn
    conn.open(alpn, created, { at: this.deadlineAt, timeoutMs: this.timeoutMs })
    return undefined
  }

  /** An answer arrived with this status (interim 1xx included). */
  protected answer(status: number): void {
    this.marks.firstByte ??= now()
    this.statusCode = status
  }

  /** A 1xx interim answer: the host answered. Wait a little for the final one, then settle as reached. */
  protected onInterim(status: number): void {
    this.answer(status)
    if (this.graceTimer) return
    this.graceTimer = setTimeout(
      () => this.finish(this.reachedOutcome(`only an interim ${status} answer within ${BODY_GRACE_MS} ms`)),
      this.graceMs(BODY_GRACE_MS),
    )
  }

  /** Time left before the probe's deadline, less a margin so the outcome arrives before the engine's timer. */
  protected graceMs(limitMs: number): number {
    return Math.max(0, Math.min(limitMs, this.deadlineAt - now() - DEADLINE_MARGIN_MS))
  }

  /** `body: reset after 1.2 KB` (GET/POST) or `after the answer: reset` (HEAD, WebSocket). */
  protected afterText(what: string): string {
    if (this.operation === 'request' || this.operation === 'connectSocket') return `after the answer: ${what}`
    return `body: ${what} after ${formatBytes(this.bodyBytes)}`
  }

  /** The server refused HTTP/1.1 in ALPN: one new connection offering only h2, to learn whether it answers. */
  private retryH2(): void {
    this.triedH2 = true
    const old = this.conn
    this.dropProtocol()
    // Whatever the old connection still says is ignored: only the new attempt's counts.
    this.conn = undefined
    old?.destroy()
    this.marks = {}
    this.t0 = now()
    this.connect(ALPN_H2, (_err, next) =>
      next?.once('secureConnect', () => {
        if (next.destroyed) return
        if (next.alpnProtocol !== 'h2')
          return this.fail(new Error('the server refused HTTP/1.1 (ALPN) and did not choose h2 either'))
        this.h2Only = true
        this.onH2(next)
      }),
    )
  }

  /** The outcome once the host answered; `after` says what happened next, `errMsg` why an upgrade failed. */
  protected reachedOutcome(after?: string, _errMsg?: string): RawOutcome {
    const out: RawOutcome = { reached: true }
    if (this.statusCode !== undefined) out.statusCode = this.statusCode
    if (after) out.after = safeField(after)
    return { ...out, ...this.timingField() }
  }

  protected timingField(): { timing?: PlatformTiming } {
    const { lookup, connect, secure, sent, firstByte } = this.marks
    const timing: PlatformTiming = {}
    if (lookup !== undefined) timing.dnsMs = ms(lookup - this.t0)
    if (connect !== undefined) timing.connectMs = ms(connect - (lookup ?? this.t0))
    if (connect !== undefined && secure !== undefined) timing.tlsMs = ms(secure - connect)
    if (secure !== undefined && firstByte !== undefined) {
      // Writes made during the handshake leave only when it is done: count from the later of the two.
      timing.ttfbMs = ms(firstByte - Math.max(secure, sent ?? secure))
    }
    return Object.keys(timing).length > 0 ? { timing } : {}
  }

  /** What breaks after the answer is a detail, never a failure: the outcome says what happened next. */
  protected settleAfterAnswer(e: unknown, code: string | undefined): void {
    const raw = trimOpenSsl(messageOf(e))
    const what =
      code === 'ECONNRESET' || code === 'EPIPE'
        ? 'reset'
        : code?.startsWith('HPE_')
          ? `unexpected bytes (${code}: ${raw})`
          : `${code ? `${code}: ` : ''}${raw}`
    this.finish(this.reachedOutcome(this.afterText(what)))
  }

  protected fail(e: unknown): void {
    if (this.outcome || this.aborted) return
    const err = e as NodeJS.ErrnoException
    const code = typeof err?.code === 'string' ? err.code : undefined
    const noAlpnMatch =
      code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL' ||
      /alert no application protocol/i.test(messageOf(e))
    if (noAlpnMatch && !this.triedH2 && !this.answered()) {
      this.retryH2()
      return
    }
    if (this.answered()) {
      this.settleAfterAnswer(e, code)
      return
    }
    this.finish({
      reached: false,
      errMsg: errorMessage(e),
      ...(code ? { code } : {}),
      ...this.timingField(),
    })
  }

  private onTimeout(): void {
    this.timer = undefined
    const proxyErr = this.conn?.proxyTimeoutError(this.timeoutMs)
    if (proxyErr) {
      this.finish({ reached: false, errMsg: proxyErr.message, code: proxyErr.code, ...this.timingField() })
      return
    }
    if (this.answered()) this.finish(this.reachedOutcome(this.afterText('unfinished at the deadline')))
    else this.finish({ reached: false, errMsg: 'timeout', code: 'ETIMEDOUT', ...this.timingField() })
  }

  /** Fixes the outcome (first one wins) and tears everything down; `done` follows once the socket is closed. */
  protected finish(outcome: RawOutcome): void {
    if (this.outcome || this.aborted) return
    this.outcome = outcome
    this.destroyAll()
    if (this.allClosed()) process.nextTick(() => this.report())
  }

  /** Every socket of the current attempt is closed. */
  private allClosed(): boolean {
    return !this.conn || this.conn.allClosed()
  }

  /** The TLS socket, the TCP one, or the connection to the proxy, closed. */
  private onSocketClose(): void {
    // Other 'close' listeners (http's, ws's) run after this one: let them finish their cleanup first.
    process.nextTick(() => {
      if (!this.allClosed()) return
      const proxy = this.conn?.proxyClosedEarly()
      if (!this.outcome && !this.aborted && proxy) {
        // The proxy closed before answering and no error said so (the tunnel's own error normally comes first).
        this.outcome = {
          reached: false,
          errMsg: `the proxy ${proxy} closed the connection before answering CONNECT`,
          code: 'PROXY_CLOSED',
          ...this.timingField(),
        }
      }
      if (!this.outcome && !this.aborted) {
        if (this.answered()) this.outcome = this.reachedOutcome(this.afterText('connection closed'))
        else
          this.outcome = {
            reached: false,
            errMsg: 'socket closed',
            code: 'ECONNRESET',
            ...this.timingField(),
          }
      }
      this.report()
    })
  }

  protected report(): void {
    this.clearTimers()
    if (this.reported || this.aborted || !this.outcome) return
    this.reported = true
    this.done(this.outcome)
  }

  protected clearTimers(): void {
    clearTimeout(this.timer)
    clearTimeout(this.graceTimer)
    this.conn?.stopTimer()
    this.timer = undefined
    this.graceTimer = undefined
  }

  private destroyAll(): void {
    this.clearTimers()
    this.dropProtocol()
    this.conn?.destroy()
  }
}

function ms(value: number): number {
  return Math.max(0, Math.round(value * 10) / 10)
}
